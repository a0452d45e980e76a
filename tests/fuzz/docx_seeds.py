"""Writes the .docx seed corpus for fuzz_docx from the XML seeds of fuzz_docx_xml: each seed's
parts (document, styles, numbering, split as fuzz_docx_xml splits them) packed into a minimal
OPC package, once deflated and once stored, so the fuzzer starts from valid zips.

    python3 tests/fuzz/docx_seeds.py tests/fuzz/corpus/docx_xml OUT_DIR
"""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path

SEPARATOR = b"\n--jixiao-part--\n"
CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    b'<Default Extension="xml" ContentType="application/xml"/>'
    b'<Override PartName="/word/document.xml" '
    b'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    b"</Types>"
)
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{RELS}/officeDocument" Target="word/document.xml"/>'
    "</Relationships>"
).encode()
DOCUMENT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{RELS}/styles" Target="styles.xml"/>'
    f'<Relationship Id="rId2" Type="{RELS}/numbering" Target="numbering.xml"/>'
    "</Relationships>"
).encode()


def pack(seed: bytes, out: Path, compression: int) -> None:
    parts = seed.split(SEPARATOR)
    with zipfile.ZipFile(out, "w", compression) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", PACKAGE_RELS)
        z.writestr("word/_rels/document.xml.rels", DOCUMENT_RELS)
        z.writestr("word/document.xml", parts[0])
        for name, part in zip(("word/styles.xml", "word/numbering.xml"), parts[1:3], strict=False):
            z.writestr(name, part)


def main(source: Path, target: Path) -> None:
    target.mkdir(parents=True, exist_ok=True)
    for seed in sorted(source.iterdir()):
        data = seed.read_bytes()
        pack(data, target / f"{seed.stem}.docx", zipfile.ZIP_DEFLATED)
        pack(data, target / f"{seed.stem}.stored.docx", zipfile.ZIP_STORED)


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
