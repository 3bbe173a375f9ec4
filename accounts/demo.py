"""Demo accounts: the users, their groups, e-mail addresses, the verified
citizen and the confirmed roles are data (``accounts/demo/users.yaml``, loaded
by ``portal.demo_loader`` before this module). What stays code is the password:
``Demo.data_users`` gives them the demo password (development settings only)
and makes them ``demo.users`` for the apps' demo modules."""

from pathlib import Path

USERS = Path(__file__).parent / "demo" / "users.yaml"


def load(demo):
    demo.data_users(USERS)
    demo.log("  accounts: demo users, their groups and roles")
