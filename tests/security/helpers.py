from awaz.core import totp

LOGIN = "/admin/login/"
CODE = "/admin/login/code/"
ENROLL = "/admin/login/enroll/"


def submit_password(client, username, password, next=None, **meta):
    data = {"username": username, "password": password}
    if next:
        data["next"] = next
    return client.post(LOGIN, data, **meta)


def submit_code(client, secret, url=CODE, at=None, **meta):
    return client.post(url, {"code": totp.code_at(secret, at)}, **meta)


def wrong_code(secret):
    """A six-digit code that is not the current one."""
    return "000000" if totp.code_at(secret) != "000000" else "111111"
