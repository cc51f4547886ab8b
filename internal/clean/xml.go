package clean

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
)

// xmlEdit says how to rewrite an XML part. Names are qualified as written
// ("w:author"); local is the part after the colon.
type xmlEdit struct {
	// drop, when it returns true for an element, leaves the element out
	// with everything inside it.
	drop func(local string, attrs []xml.Attr) bool
	// attr returns an attribute's new value.
	attr func(elem, local, value string) string
	// text returns the new text of the innermost element open (the
	// last of open, the qualified names of the elements around the text).
	text func(open []string, text string) string
}

// rewriteXML copies an XML part token by token with encoding/xml, applying
// the edit. Prefixes are kept as written (each name is written as its
// qualified form), so the namespaces, the declarations and everything not
// edited stay as they were; text is re-escaped, which changes no value.
func rewriteXML(data []byte, e xmlEdit) ([]byte, error) {
	d := xml.NewDecoder(bytes.NewReader(data))
	var out bytes.Buffer
	enc := xml.NewEncoder(&out)
	var stack []string
	skip := 0 // depth inside a dropped element
	for {
		tok, err := d.RawToken()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if skip > 0 || e.drop != nil && e.drop(t.Name.Local, t.Attr) {
				skip++
				continue
			}
			name := qualified(t.Name)
			stack = append(stack, name)
			start := xml.StartElement{Name: xml.Name{Local: name}}
			for _, a := range t.Attr {
				v := a.Value
				if e.attr != nil {
					v = e.attr(name, a.Name.Local, v)
				}
				start.Attr = append(start.Attr, xml.Attr{Name: xml.Name{Local: qualified(a.Name)}, Value: v})
			}
			tok = start
		case xml.EndElement:
			if skip > 0 {
				skip--
				continue
			}
			if len(stack) == 0 {
				return nil, errDamaged
			}
			tok = xml.EndElement{Name: xml.Name{Local: stack[len(stack)-1]}}
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if skip > 0 {
				continue
			}
			if e.text != nil && len(stack) > 0 {
				tok = xml.CharData(e.text(stack, string(t)))
			}
		case xml.ProcInst:
			if skip > 0 {
				continue
			}
			if t.Target == "xml" {
				// The encoder refuses a declaration after output; it is
				// always first, so write it as read.
				out.WriteString("<?xml " + string(t.Inst) + "?>")
				continue
			}
		default:
			if skip > 0 {
				continue
			}
		}
		if err := enc.EncodeToken(xml.CopyToken(tok)); err != nil {
			return nil, err
		}
		if err := enc.Flush(); err != nil {
			return nil, err
		}
	}
	if err := enc.Flush(); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

func qualified(n xml.Name) string {
	if n.Space == "" {
		return n.Local
	}
	return n.Space + ":" + n.Local
}

// localOf returns the local part of a qualified name.
func localOf(name string) string {
	if i := bytes.IndexByte([]byte(name), ':'); i >= 0 {
		return name[i+1:]
	}
	return name
}
