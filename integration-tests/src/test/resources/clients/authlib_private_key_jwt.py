"""A service on Authlib with a credential backed by a public key: it gets a token with Authlib's PrivateKeyJWT
client authentication (RFC 7523) for the client_credentials grant. Driven by ClientLibrariesIT, which registers the
public key and verifies the token printed here."""
import json
import os

from authlib.integrations.requests_client import OAuth2Session
from authlib.oauth2.rfc7523 import PrivateKeyJWT

token_endpoint = os.environ["TOKEN_ENDPOINT"]
with open(os.environ["PRIVATE_KEY_FILE"]) as key_file:
    private_key = key_file.read()

session = OAuth2Session(os.environ["CLIENT_ID"], private_key,
                        token_endpoint_auth_method=PrivateKeyJWT(token_endpoint), scope="deployments")
token = session.fetch_token(token_endpoint, grant_type="client_credentials")
print(json.dumps({"access_token": token["access_token"]}))
print("all checks passed")
