package report

import (
	"reflect"
	"slices"
	"strconv"
	"strings"
)

// figure is one count of the report, by its JSON path, with a way to
// replace it.
type figure struct {
	path string
	get  func() Count
	set  func(Count)
}

var countType = reflect.TypeFor[Count]()

// figures lists every count of the report by its JSON path (a trend's year
// as "trend[2021]"), in a stable order.
func (r *Report) figures() []figure {
	var out []figure
	walkCounts(reflect.ValueOf(r).Elem(), "", &out)
	return out
}

func walkCounts(v reflect.Value, path string, out *[]figure) {
	join := func(name string) string {
		if path == "" {
			return name
		}
		return path + "." + name
	}
	switch v.Kind() {
	case reflect.Pointer:
		if !v.IsNil() {
			walkCounts(v.Elem(), path, out)
		}
	case reflect.Struct:
		t := v.Type()
		for i := range t.NumField() {
			f := t.Field(i)
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if !f.IsExported() || name == "-" || name == "" {
				continue
			}
			fv := v.Field(i)
			if fv.Type() == countType {
				*out = append(*out, figure{path: join(name),
					get: func() Count { return Count(fv.Int()) }, set: func(c Count) { fv.SetInt(int64(c)) }})
				continue
			}
			walkCounts(fv, join(name), out)
		}
	case reflect.Map:
		if v.Type().Key().Kind() != reflect.String {
			return
		}
		keys := v.MapKeys()
		slices.SortFunc(keys, func(a, b reflect.Value) int { return strings.Compare(a.String(), b.String()) })
		for _, k := range keys {
			if v.Type().Elem() == countType {
				*out = append(*out, figure{path: join(k.String()),
					get: func() Count { return Count(v.MapIndex(k).Int()) },
					set: func(c Count) { v.SetMapIndex(k, reflect.ValueOf(c)) }})
				continue
			}
			if v.Type().Elem().Kind() == reflect.Struct { // CountHours: copy, change, store
				e := reflect.New(v.Type().Elem()).Elem()
				var sub []figure
				e.Set(v.MapIndex(k))
				walkCounts(e, join(k.String()), &sub)
				for _, f := range sub {
					get, set := f.get, f.set
					*out = append(*out, figure{path: f.path, get: func() Count {
						e.Set(v.MapIndex(k))
						return get()
					}, set: func(c Count) {
						e.Set(v.MapIndex(k))
						set(c)
						v.SetMapIndex(k, e)
					}})
				}
			}
		}
	case reflect.Slice:
		if v.Type().Elem() != reflect.TypeFor[YearCount]() {
			return
		}
		for i := range v.Len() {
			yc := v.Index(i)
			y := yc.FieldByName("Year").Int()
			c := yc.FieldByName("Count")
			*out = append(*out, figure{path: path + "[" + strconv.FormatInt(y, 10) + "]",
				get: func() Count { return Count(c.Int()) }, set: func(n Count) { c.SetInt(int64(n)) }})
		}
	}
}

// suppress hides every count from 1 to below-1 and returns how many it hid.
func suppress(r *Report, below int) int {
	n := 0
	for _, f := range r.figures() {
		if c := f.get(); c > 0 && int(c) < below {
			f.set(Suppressed)
			n++
		}
	}
	return n
}
