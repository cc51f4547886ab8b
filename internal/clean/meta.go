package clean

import (
	"bytes"
	"encoding/binary"
	"encoding/xml"
	"fmt"
	"strings"

	exif "github.com/dsoprea/go-exif/v3"
	exifcommon "github.com/dsoprea/go-exif/v3/common"

	"github.com/integer-nl/integer/internal/domain"
)

// exifFields maps the EXIF tags that say who, where, when and with what
// to the kind of metadata shown (go-exif's tag names).
var exifFields = map[string]domain.MetaField{
	"Artist": domain.MetaAuthor, "Copyright": domain.MetaAuthor, "XPAuthor": domain.MetaAuthor,
	"CameraOwnerName": domain.MetaAuthor, "OwnerName": domain.MetaAuthor,
	"HostComputer": domain.MetaComputer,
	"Make":         domain.MetaCamera, "Model": domain.MetaCamera, "BodySerialNumber": domain.MetaCamera,
	"LensMake": domain.MetaCamera, "LensModel": domain.MetaCamera, "LensSerialNumber": domain.MetaCamera,
	"MakerNote": domain.MetaCamera,
	"DateTime":  domain.MetaDates, "DateTimeOriginal": domain.MetaDates, "DateTimeDigitized": domain.MetaDates,
	"Software": domain.MetaSoftware, "ProcessingSoftware": domain.MetaSoftware,
	"ImageDescription": domain.MetaTitle, "DocumentName": domain.MetaTitle, "XPTitle": domain.MetaTitle,
	"XPSubject": domain.MetaTitle, "XPKeywords": domain.MetaTitle,
	"UserComment": domain.MetaComment, "XPComment": domain.MetaComment,
}

// exifShowsValue: tags whose value is text worth showing (the rest are
// found without a value: a maker note is bytes).
var exifShowsValue = map[domain.MetaField]bool{domain.MetaAuthor: true, domain.MetaComputer: true,
	domain.MetaCamera: true, domain.MetaDates: true, domain.MetaSoftware: true, domain.MetaTitle: true}

// exifFindings reads an EXIF block (TIFF header onwards) with go-exif: the
// tags of exifFields, and the GPS position as degrees. A block go-exif
// cannot read is still metadata.
func exifFindings(raw []byte, f *findings) {
	defer func() {
		if recover() != nil { // go-exif panics on some damaged blocks
			f.add(domain.MetaCamera)
		}
	}()
	tags, _, err := exif.GetFlatExifData(raw, nil)
	if err != nil {
		f.add(domain.MetaCamera)
		return
	}
	gps := false
	for _, t := range tags {
		if strings.HasSuffix(t.IfdPath, "GPSInfo") {
			gps = true
			continue
		}
		field, ok := exifFields[t.TagName]
		if !ok {
			continue
		}
		if exifShowsValue[field] && t.TagTypeId == exifcommon.TypeAscii {
			f.add(field, t.Formatted)
		} else {
			f.add(field)
		}
	}
	if gps {
		f.add(domain.MetaLocation, gpsPosition(raw))
	}
}

// exifOrientation returns the Orientation tag of IFD0 (1–8), 0 when there
// is none.
func exifOrientation(raw []byte) (o int) {
	defer func() {
		if recover() != nil {
			o = 0
		}
	}()
	tags, _, err := exif.GetFlatExifData(raw, nil)
	if err != nil {
		return 0
	}
	for _, t := range tags {
		if t.IfdPath == "IFD" && t.TagName == "Orientation" {
			if v, ok := t.Value.([]uint16); ok && len(v) == 1 {
				return int(v[0])
			}
		}
	}
	return 0
}

// orientationOnly writes an EXIF block (TIFF header onwards) holding only
// the orientation, with go-exif's builder.
func orientationOnly(o int) (b []byte, err error) {
	defer func() {
		if recover() != nil {
			b, err = nil, errDamaged
		}
	}()
	im, err := exifcommon.NewIfdMappingWithStandard()
	if err != nil {
		return nil, err
	}
	ib := exif.NewIfdBuilder(im, exif.NewTagIndex(), exifcommon.IfdStandardIfdIdentity, binary.BigEndian)
	if err := ib.AddStandardWithName("Orientation", []uint16{uint16(o)}); err != nil {
		return nil, err
	}
	return exif.NewIfdByteEncoder().EncodeToExif(ib)
}

// gpsPosition returns "51.47930, 5.65700" for the block's GPS position, or
// "" when it has no usable coordinates.
func gpsPosition(raw []byte) (pos string) {
	defer func() {
		if recover() != nil {
			pos = ""
		}
	}()
	im, err := exifcommon.NewIfdMappingWithStandard()
	if err != nil {
		return ""
	}
	_, index, err := exif.Collect(im, exif.NewTagIndex(), raw)
	if err != nil {
		return ""
	}
	ifd, ok := index.Lookup["IFD/GPSInfo"]
	if !ok {
		return ""
	}
	gi, err := ifd.GpsInfo()
	if err != nil {
		return ""
	}
	return fmt.Sprintf("%.5f, %.5f", gi.Latitude.Decimal(), gi.Longitude.Decimal())
}

// xmpFields maps the XMP properties that name people, tools, computers
// and places (by local name, whatever the prefix) to a kind.
var xmpFields = map[string]domain.MetaField{
	"creator": domain.MetaAuthor, "Author": domain.MetaAuthor, "Artist": domain.MetaAuthor, "rights": domain.MetaAuthor,
	"lastModifiedBy": domain.MetaLastModifiedBy,
	"CreatorTool":    domain.MetaSoftware, "Producer": domain.MetaSoftware, "softwareAgent": domain.MetaSoftware,
	"CreateDate": domain.MetaDates, "ModifyDate": domain.MetaDates, "MetadataDate": domain.MetaDates,
	"GPSLatitude": domain.MetaLocation, "GPSLongitude": domain.MetaLocation, "City": domain.MetaLocation,
	"title": domain.MetaTitle, "description": domain.MetaTitle, "subject": domain.MetaTitle,
	"HostComputer": domain.MetaComputer,
}

// xmpFindings reads an XMP packet (RDF/XML) with encoding/xml: the text
// and attribute values of the properties in xmpFields, file paths
// anywhere, and the packet itself (edit history, document IDs).
func xmpFindings(packet []byte, f *findings) {
	f.add(domain.MetaXMP)
	d := xml.NewDecoder(bytes.NewReader(packet))
	d.Strict = false
	var stack []string
	for {
		tok, err := d.Token()
		if err != nil {
			return
		}
		switch t := tok.(type) {
		case xml.StartElement:
			stack = append(stack, t.Name.Local)
			for _, a := range t.Attr {
				xmpValue(a.Name.Local, a.Value, f)
			}
		case xml.EndElement:
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
		case xml.CharData:
			for i := len(stack) - 1; i >= 0; i-- {
				if _, ok := xmpFields[stack[i]]; ok {
					xmpValue(stack[i], string(t), f)
					break
				}
			}
		}
	}
}

func xmpValue(name, value string, f *findings) {
	value = strings.TrimSpace(value)
	if value == "" {
		return
	}
	if field, ok := xmpFields[name]; ok {
		f.add(field, value)
	} else if looksLikePath(value) {
		f.add(domain.MetaPath, value)
	}
}
