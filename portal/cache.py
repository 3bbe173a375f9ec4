"""The Redis cache backend of the portal: django-redis, failing open.

With ``IGNORE_EXCEPTIONS`` django-redis answers "not found" instead of raising
while Redis is unreachable, so pages are still served, uncached. One case needs
more: ``add()`` then returns ``None`` ("not stored"), and code that uses ``add``
as a lock (django-allauth's rate limits) would wait and then refuse every login
with 429. Here ``add()`` reports success while Redis is down: locks are granted,
rate limits are off until Redis is back (docs/reliability.md).
"""

from django_redis.cache import RedisCache, omit_exception


class FailOpenRedisCache(RedisCache):
    @omit_exception(return_value=True)
    def add(self, *args, **kwargs):
        return self.client.add(*args, **kwargs)
