"""The HTTP API under /api/v1/: the public read API (`public/`) and the organizations'
authenticated, OSDI-shaped API (`org/`). One OpenAPI document describes both (`openapi.py`);
errors are RFC 9457 problem details (`problems.py`). Nothing here returns personal data
except `org/` to a token of the signer's own organization with the signer's consent."""
