#!/usr/bin/env python3
"""Writes vectors/aa.json: Active Authentication signatures for the `aa_verify` kind.

Independent of libcccd: the ISO/IEC 9796-2 scheme 1 message representatives are built
here in Python (hashlib), and every private-key operation is done by the `openssl`
command line tool (`pkeyutl -decrypt` with rsa_padding_mode:none, the raw RSA
private-key operation, for RSA, plain ECDSA
over a digest for EC). Keys: the BSI TR-03105-5 sample passport's DG15 key pair
(RSA 1024, ../shared/fixtures/bsi-sample-passport/DG15_sk.pkcs8) and an EC P-256 key
made by openssl on each run (its public key goes into the vectors with the signatures).

Usage: make_aa_vectors.py FIXTURES_DIR OUT.json
RSA entries are deterministic (M1 comes from a fixed seed); the EC ones change with
each run since ECDSA signing is randomized.
"""
import hashlib
import json
import os
import subprocess
import sys
import tempfile

HASH_ID = {"sha1": 0x33, "sha224": 0x38, "sha256": 0x34, "sha384": 0x36, "sha512": 0x35}


def openssl(*args, data=None):
    return subprocess.run(["openssl", *args], input=data, check=True,
                          capture_output=True).stdout


def rsa_sign_9796(key_path, keyform, challenge, hash_name, two_byte_trailer):
    spki = openssl("pkey", "-in", key_path, "-inform", keyform, "-pubout", "-outform", "DER")
    n = int(openssl("rsa", "-in", key_path, "-inform", keyform, "-noout", "-modulus")
            .decode().strip().split("=")[1], 16)
    k = (n.bit_length() + 7) // 8
    h = hashlib.new(hash_name)
    hl = h.digest_size
    trailer = bytes([HASH_ID[hash_name], 0xCC]) if two_byte_trailer else b"\xBC"
    if not two_byte_trailer and hash_name != "sha1":
        raise ValueError("the one-byte trailer BC means SHA-1")
    m1_len = k - 1 - hl - len(trailer)
    seed = hashlib.sha512(b"libcccd aa vectors " + challenge + hash_name.encode()).digest()
    m1 = (seed * (m1_len // len(seed) + 1))[:m1_len]
    d = hashlib.new(hash_name, m1 + challenge).digest()
    rep = b"\x6A" + m1 + d + trailer
    assert len(rep) == k and int.from_bytes(rep, "big") < n
    # The raw private-key operation: OpenSSL 3 refuses padding "none" for -sign, and
    # -decrypt without padding is the same exponentiation (rep^d mod n).
    sig = openssl("pkeyutl", "-decrypt", "-inkey", key_path, "-keyform", keyform,
                  "-pkeyopt", "rsa_padding_mode:none", data=rep)
    assert len(sig) == k
    return spki, sig


def ec_sign(key_path, challenge, hash_name, plain):
    digest = hashlib.new(hash_name, challenge).digest()
    der = openssl("pkeyutl", "-sign", "-inkey", key_path, data=digest)
    if not plain:
        return der
    # DER Ecdsa-Sig-Value to r||s, each padded to the order length (P-256: 32 bytes)
    assert der[0] == 0x30
    i = 2 if der[1] < 0x80 else 3
    out = b""
    for _ in range(2):
        assert der[i] == 0x02
        ln = der[i + 1]
        v = der[i + 2:i + 2 + ln].lstrip(b"\x00")
        out += v.rjust(32, b"\x00")
        i += 2 + ln
    return out


def flip(b, bit=0):
    b = bytearray(b)
    b[len(b) // 2] ^= 1 << bit
    return bytes(b)


def main():
    fixtures, out_path = sys.argv[1], sys.argv[2]
    dg15_sk = os.path.join(fixtures, "bsi-sample-passport", "DG15_sk.pkcs8")
    src = ("BSI TR-03105-5 sample passport DG15 key pair; signatures made with openssl by "
           "tests/vectors/tools/make_aa_vectors.py (independent of libcccd)")
    vectors = []

    def add(name, spki, ch, sig, valid, alg=None, source=src):
        e = {"name": name, "kind": "aa_verify", "source": source,
             "in": {"public_key": spki.hex().upper(), "challenge": ch.hex().upper(),
                    "signature": sig.hex().upper()},
             "out": {"valid": valid}}
        if alg is not None:
            e["in"]["signature_algorithm"] = alg
        vectors.append(e)

    ch1 = bytes.fromhex("0102030405060708")
    ch2 = bytes.fromhex("F173589974BF40C6")
    for ch in (ch1, ch2):
        spki, sig = rsa_sign_9796(dg15_sk, "DER", ch, "sha1", False)
        tag = ch.hex().upper()
        add(f"RSA-1024 ISO 9796-2 SHA-1 (trailer BC), challenge {tag}", spki, ch, sig, True)
        add(f"RSA-1024 SHA-1, challenge {tag}, one bit of the signature flipped", spki, ch,
            flip(sig), False)
        add(f"RSA-1024 SHA-1, signature of {tag} checked against another challenge", spki,
            bytes(x ^ 0xFF for x in ch), sig, False)
    for hn in ("sha256", "sha224"):
        spki, sig = rsa_sign_9796(dg15_sk, "DER", ch1, hn, True)
        add(f"RSA-1024 ISO 9796-2 {hn.upper()} (two-byte trailer {HASH_ID[hn]:02X}CC)", spki,
            ch1, sig, True)
        add(f"RSA-1024 {hn.upper()} two-byte trailer, wrong challenge", spki, ch2, sig, False)
    # A signature of the challenge made with PKCS#1 v1.5 is not a 9796-2 one.
    spki = openssl("pkey", "-in", dg15_sk, "-inform", "DER", "-pubout", "-outform", "DER")
    v15 = openssl("pkeyutl", "-sign", "-inkey", dg15_sk, "-keyform", "DER",
                  data=hashlib.sha1(ch1).digest())
    add("RSA-1024 PKCS#1 v1.5 signature instead of ISO 9796-2", spki, ch1, v15, False)

    with tempfile.TemporaryDirectory() as tmp:
        ec_key = os.path.join(tmp, "ec.pem")
        openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256",
                "-out", ec_key)
        ec_spki = openssl("pkey", "-in", ec_key, "-pubout", "-outform", "DER")
        ecsrc = ("EC P-256 key made by openssl for this file; signatures by openssl via "
                 "tests/vectors/tools/make_aa_vectors.py (independent of libcccd)")
        ecdsa_plain_sha256 = "04007F00070101040103"
        ecdsa_with_sha256 = "2A8648CE3D040302"
        ecdsa_plain_sha224 = "04007F00070101040102"
        sig = ec_sign(ec_key, ch1, "sha256", True)
        add("ECDSA P-256 plain r||s, SHA-256, hash by key size", ec_spki, ch1, sig, True,
            source=ecsrc)
        add("ECDSA P-256 plain, SHA-256 named by ecdsa-plain-SHA256", ec_spki, ch1, sig,
            True, ecdsa_plain_sha256, source=ecsrc)
        add("ECDSA P-256 plain, SHA-256 signature but DG14 names SHA-224", ec_spki, ch1, sig,
            False, ecdsa_plain_sha224, source=ecsrc)
        add("ECDSA P-256 plain, wrong challenge", ec_spki, ch2, sig, False, source=ecsrc)
        add("ECDSA P-256 plain, one bit flipped", ec_spki, ch1, flip(sig), False,
            source=ecsrc)
        sig = ec_sign(ec_key, ch2, "sha256", False)
        add("ECDSA P-256 DER, SHA-256, ecdsa-with-SHA256", ec_spki, ch2, sig, True,
            ecdsa_with_sha256, source=ecsrc)
        sig = ec_sign(ec_key, ch2, "sha224", True)
        add("ECDSA P-256 plain, SHA-224 (shorter than the key), hash not named", ec_spki, ch2,
            sig, True, source=ecsrc)

    with open(out_path, "w") as f:
        json.dump({"vectors": vectors}, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
