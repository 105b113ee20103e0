"""Image files as they reach the desk: agency JPEGs with IPTC, XMP or EXIF captions, PNGs, WebPs, bombs.

Builds the bytes with Pillow and, where Pillow cannot write a block (IPTC, a hand-made XMP packet, a
lying PNG header), by assembling the JPEG segments and PNG chunks directly.
"""

import io
import struct
import zlib

from PIL import Image

IPTC_CAPTION, IPTC_CREDIT, IPTC_BYLINE, IPTC_COPYRIGHT = (2, 120), (2, 110), (2, 80), (2, 116)


def image_bytes(image_format, size=(64, 48), color=(200, 30, 30), mode="RGB", **save_options):
    buffer = io.BytesIO()
    Image.new(mode, size, color).save(buffer, image_format, **save_options)
    return buffer.getvalue()


def gradient_jpeg(size=(1600, 1200), **save_options):
    """A photo-like JPEG (a gradient, not a flat colour) large enough for every rendition width."""
    width, height = size
    image = Image.linear_gradient("L").resize(size).convert("RGB")
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85, **save_options)
    return buffer.getvalue()


def exif_jpeg(tags, size=(64, 48)):
    exif = Image.Exif()
    for tag, value in tags.items():
        exif[tag] = value
    return image_bytes("JPEG", size=size, exif=exif)


def insert_segments(jpeg, *segments):
    """Put APPn segments after the JFIF APP0 segment Pillow writes first."""
    assert jpeg[:4] == b"\xff\xd8\xff\xe0"
    app0_end = 4 + struct.unpack(">H", jpeg[4:6])[0]
    return jpeg[:app0_end] + b"".join(segments) + jpeg[app0_end:]


def segment(marker, payload):
    return bytes([0xFF, marker]) + struct.pack(">H", len(payload) + 2) + payload


def iptc_segment(fields, *, encoding="utf-8", declare_utf8=True):
    """An APP13 "Photoshop 3.0" segment holding an 8BIM IPTC-NAA resource (0x0404) with IIM datasets."""
    datasets = []
    if declare_utf8:
        datasets.append(((1, 90), b"\x1b%G"))
    for key, values in fields.items():
        for value in values if isinstance(values, list) else [values]:
            datasets.append((key, value.encode(encoding)))
    iim = b"".join(
        b"\x1c" + bytes([record, number]) + struct.pack(">H", len(data)) + data for (record, number), data in datasets
    )
    resource = b"8BIM" + struct.pack(">H", 0x0404) + b"\x00\x00" + struct.pack(">I", len(iim)) + iim
    if len(iim) % 2:
        resource += b"\x00"
    return segment(0xED, b"Photoshop 3.0\x00" + resource)


def iptc_jpeg(fields, **options):
    return insert_segments(image_bytes("JPEG"), iptc_segment(fields, **options))


XMP_TEMPLATE = """<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/"
    {credit_attribute}>
   {properties}
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""


def xmp_packet(*, description=None, credit=None, creators=(), rights=None, english_description=None):
    properties = []
    if description is not None:
        items = f'<rdf:li xml:lang="x-default">{description}</rdf:li>'
        if english_description:
            items = f'<rdf:li xml:lang="en">{english_description}</rdf:li>' + items
        properties.append(f"<dc:description><rdf:Alt>{items}</rdf:Alt></dc:description>")
    if creators:
        items = "".join(f"<rdf:li>{name}</rdf:li>" for name in creators)
        properties.append(f"<dc:creator><rdf:Seq>{items}</rdf:Seq></dc:creator>")
    if rights is not None:
        properties.append(f'<dc:rights><rdf:Alt><rdf:li xml:lang="x-default">{rights}</rdf:li></rdf:Alt></dc:rights>')
    credit_attribute = f'photoshop:Credit="{credit}"' if credit is not None else ""
    return XMP_TEMPLATE.format(credit_attribute=credit_attribute, properties="\n   ".join(properties)).encode()


def xmp_jpeg(**fields):
    return insert_segments(
        image_bytes("JPEG"), segment(0xE1, b"http://ns.adobe.com/xap/1.0/\x00" + xmp_packet(**fields))
    )


def png_chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_declaring(width, height):
    """A few hundred bytes of PNG whose header claims width x height pixels: a decompression bomb's shape."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", header)
        + png_chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + png_chunk(b"IEND", b"")
    )


def article_form(*, status="draft", photos=(), headline="Banjir rendam Pekanbaru", initial_photos=0):
    """The article add/change form as the admin posts it, with one inline form per photo use dict ("photo": id)."""
    form = {
        "headline": headline,
        "slug": "",
        "summary": "",
        "body": "Pekanbaru - Banjir merendam ratusan rumah.\n\nWarga mengungsi.",
        "tags": "Banjir",
        "dateline_place": "Pekanbaru",
        "dateline_agency": "ANTARA",
        "status": status,
        "published_at_0": "28/11/2023" if status == "published" else "",
        "published_at_1": "19:05:00" if status == "published" else "",
        "section": "",
        "source": "",
        "language": "id",
        "photos-TOTAL_FORMS": str(len(photos)),
        "photos-INITIAL_FORMS": str(initial_photos),
        "photos-MIN_NUM_FORMS": "0",
        "photos-MAX_NUM_FORMS": "1000",
        "credits-TOTAL_FORMS": "0",
        "credits-INITIAL_FORMS": "0",
        "notes-TOTAL_FORMS": "0",
        "notes-INITIAL_FORMS": "0",
        "related_links-TOTAL_FORMS": "0",
        "related_links-INITIAL_FORMS": "0",
        "related_links-MIN_NUM_FORMS": "0",
        "related_links-MAX_NUM_FORMS": "1000",
    }
    for n, photo in enumerate(photos):
        fields = {"story_caption": "", "order": str(n), **photo}
        form.update({f"photos-{n}-{name}": value for name, value in fields.items() if value is not None})
    if not form["slug"]:
        form["slug"] = headline.lower().replace(" ", "-")
    return form


def photo_form_errors(response):
    """{field: [error codes]} of each photo inline form on a re-displayed admin page."""
    formset = next(f.formset for f in response.context["inline_admin_formsets"] if f.formset.prefix == "photos")
    return [{field: [e.code for e in errors] for field, errors in form.errors.as_data().items()} for form in formset]
