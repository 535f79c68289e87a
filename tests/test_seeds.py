"""The seed articles are byte-identical to what the user gave us."""

import hashlib

from conftest import SEEDS

# sha256 of the five files in ../shared/seeds as received (computed on arrival).
EXPECTED = {
    "000_f6cb99c41662595b.txt": "0915ceb2e9d536a6378ec2bff9c608301cb0ed814245fd9040b726c1a1a42f29",
    "001_34515e69bfa560d7.txt": "1283596859491dab98b15638fd6eec34fa507e21fd7c35760372a42da56285b8",
    "002_2d0941d7294f98f4.txt": "4a5555b555961268b43003f02db0b09cee4caf33e58520f9e20949e68505e713",
    "003_1094f3a3a48ed6b8.txt": "2d2fafd8f4b9811b89f0ef5de46ff3f2bf36739bdafd756363e54ea710c7ab02",
    "004_42c25d0253e96991.txt": "edd167ced50966e79aa2e26d6f3767e8ac3767ef58f86b97dabf7b8358bf0873",
}


def test_seed_articles_are_byte_identical() -> None:
    found = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in SEEDS.glob("*.txt")}
    assert found == EXPECTED


def test_every_article_has_an_annotation() -> None:
    for name in EXPECTED:
        assert (SEEDS / name.replace(".txt", ".yaml")).is_file()
