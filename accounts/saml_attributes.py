"""pysaml2 attribute map for the attributes BundID sends (``urn:oid:`` names)."""

URI = "urn:oasis:names:tc:SAML:2.0:attrname-format:uri"

OIDS = {
    "bPK2": "urn:oid:1.3.6.1.4.1.25484.494450.3",
    "surname": "urn:oid:2.5.4.4",
    "givenName": "urn:oid:2.5.4.42",
    "mail": "urn:oid:0.9.2342.19200300.100.1.3",
    "street": "urn:oid:2.5.4.16",
    "postalCode": "urn:oid:2.5.4.17",
    "locality": "urn:oid:2.5.4.7",
    "birthdate": "urn:oid:1.2.40.0.10.2.1.1.55",
}

MAP = {
    "identifier": URI,
    "fro": {oid: name for name, oid in OIDS.items()},
    "to": dict(OIDS),
}
