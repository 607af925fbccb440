"""The verifier's hashing and proofs against RFC 9162 test vectors (transparency-dev/merkle's
testdata and reference tree) and its signed-note check against the C2SP specification's example."""

import base64
import json
from pathlib import Path

import pytest

from awaz.transparency import verifier as v

VECTORS = json.loads((Path(__file__).parent / "rfc9162_vectors.json").read_text())
# transparency-dev/merkle testonly/constants.go: the reference tree's leaves and roots.
LEAVES = [bytes.fromhex(h) for h in ["", "00", "10", "2021", "3031", "40414243", "5051525354555657",
                                     "606162636465666768696a6b6c6d6e6f"]]
ROOTS = ["e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
         "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
         "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
         "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
         "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
         "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
         "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
         "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
         "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"]


def b(values):
    return [base64.b64decode(x) for x in values or []]


def reference_node(level, index):
    hashes = [v.leaf_hash(leaf) for leaf in LEAVES]
    return v.mth(hashes[index << level:(index + 1) << level])


def test_it_computes_the_reference_roots_at_every_size():
    tree = v.TreeBuilder()
    assert tree.root().hex() == ROOTS[0]
    for size, leaf in enumerate(LEAVES, start=1):
        tree.append(v.leaf_hash(leaf))
        assert tree.root().hex() == ROOTS[size]
        assert v.mth([v.leaf_hash(x) for x in LEAVES[:size]]).hex() == ROOTS[size]


@pytest.mark.parametrize("probe", VECTORS["inclusion"], ids=lambda p: p["file"])
def test_it_verifies_inclusion_like_the_reference(probe):
    ok = v.verify_inclusion(probe["leafIdx"], probe["treeSize"], base64.b64decode(probe["leafHash"] or ""),
                            b(probe["proof"]), base64.b64decode(probe["root"] or ""))
    assert ok is not probe["wantErr"]


@pytest.mark.parametrize("probe", VECTORS["consistency"], ids=lambda p: p["file"])
def test_it_verifies_consistency_like_the_reference(probe):
    ok = v.verify_consistency(probe["size1"], probe["size2"], b(probe["proof"]),
                              base64.b64decode(probe["root1"] or ""), base64.b64decode(probe["root2"] or ""))
    assert ok is not probe["wantErr"]


def test_it_generates_the_reference_proofs():
    happy = [p for p in VECTORS["inclusion"] if not p["wantErr"] and p["desc"] == "happy path" and p["treeSize"] <= 8]
    happy_consistency = [p for p in VECTORS["consistency"] if not p["wantErr"] and p["desc"] == "happy path"
                         and p["size2"] <= 8]
    assert happy and happy_consistency
    for p in happy:
        assert v.inclusion_proof(reference_node, p["leafIdx"], p["treeSize"]) == b(p["proof"])
    for p in happy_consistency:
        assert v.consistency_proof(reference_node, p["size1"], p["size2"]) == b(p["proof"])


def test_every_generated_proof_verifies_for_every_size():
    for size in range(1, 9):
        root = bytes.fromhex(ROOTS[size])
        for index in range(size):
            proof = v.inclusion_proof(reference_node, index, size)
            assert v.verify_inclusion(index, size, v.leaf_hash(LEAVES[index]), proof, root)
            assert not v.verify_inclusion(index, size, v.leaf_hash(b"forged"), proof, root)
        for old in range(1, size + 1):
            proof = v.consistency_proof(reference_node, old, size)
            assert v.verify_consistency(old, size, proof, bytes.fromhex(ROOTS[old]), root)


def test_it_lays_out_tile_paths_as_tlog_tiles_says():
    assert v.tile_path(0, 1234067) == "tile/0/x001/x234/067"
    assert v.tile_path(1, 0, 17) == "tile/1/000.p/17"
    assert v.tile_path("entries", 3) == "tile/entries/003"
    # The example of the specification: a tree of size 70,000.
    assert v.tile_width(0, 273, 70000) == 112 and v.tile_width(0, 272, 70000) == 256
    assert v.tile_width(1, 1, 70000) == 17 and v.tile_width(2, 0, 70000) == 1


def test_it_verifies_the_signed_note_example_of_the_specification():
    key = v.VerifierKey.parse("example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k")
    note = ("This is an example message.\n\n"
            "\u2014 example.com/foo Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=\n")
    assert v.note_open(note, key) == "This is an example message.\n"
    with pytest.raises(v.VerificationError):
        v.note_open(note.replace("example message", "exemplary message"), key)


def test_it_refuses_a_verifier_key_whose_id_does_not_match():
    with pytest.raises(v.VerificationError):
        v.VerifierKey.parse("example.com/foo+530d903b+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k")


def test_bundles_round_trip():
    entries = [b"add " + b"a" * 32 + b" 2026-12-01T13Z", b"remove 0 withdrawn"]
    assert v.bundle_entries(v.bundle(entries)) == entries
    with pytest.raises(v.VerificationError):
        v.bundle_entries(v.bundle(entries)[:-1])


def test_a_verifier_key_whose_base64_holds_a_plus_parses():
    public = bytes.fromhex("fb" * 32)  # base64 of 0x01 || fbfb... is full of "+" and "/"
    text = v.verifier_key("example.com/log", public)
    assert text.count("+") > 2
    assert v.VerifierKey.parse(text).public_key == public
