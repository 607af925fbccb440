import pytest

from awaz.core import crypto


def test_it_round_trips_text():
    sealed = crypto.encrypt("Amina Tursun ئامىنە", "signature.name")
    assert b"Amina" not in sealed
    assert crypto.decrypt(sealed, "signature.name") == "Amina Tursun ئامىنە"


def test_it_uses_a_fresh_nonce_every_time():
    assert crypto.encrypt("same", "p") != crypto.encrypt("same", "p")


def test_it_refuses_a_ciphertext_moved_to_another_column():
    sealed = crypto.encrypt("amina@example.org", "signature.email")
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(sealed, "signature.name")


def test_it_refuses_a_tampered_ciphertext():
    sealed = bytearray(crypto.encrypt("amina@example.org", "signature.email"))
    sealed[-1] ^= 1
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(bytes(sealed), "signature.email")


def test_it_decrypts_with_an_older_key_after_a_new_one_is_added(settings):
    settings.ENCRYPTION_KEYS = ["old-key-" + "x" * 32]
    sealed = crypto.encrypt("kept", "p")
    settings.ENCRYPTION_KEYS = ["new-key-" + "y" * 32, "old-key-" + "x" * 32]
    assert crypto.decrypt(sealed, "p") == "kept"
    assert crypto.key_id_of(crypto.encrypt("kept", "p")) != crypto.key_id_of(sealed)


def test_it_cannot_decrypt_without_the_key(settings):
    settings.ENCRYPTION_KEYS = ["old-key-" + "x" * 32]
    sealed = crypto.encrypt("kept", "p")
    settings.ENCRYPTION_KEYS = ["other-" + "z" * 32]
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(sealed, "p")


def test_it_makes_a_stable_keyed_blind_index(settings):
    first = crypto.blind_index("amina@example.org")
    assert first == crypto.blind_index("amina@example.org")
    assert "amina" not in first
    settings.BLIND_INDEX_KEYS = ["another-key-" + "q" * 32]
    assert crypto.blind_index("amina@example.org") != first
