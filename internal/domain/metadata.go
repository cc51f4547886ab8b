package domain

// Metadata of a reporter's attachments: what a file says about who made
// it, where and when, besides its content. Package clean finds it and
// removes it; the reporter sees it before submitting and may keep it; the
// handler sees which kinds of metadata were kept or removed, never the
// removed values.

// MetaField is a kind of metadata a file can carry. The reporter is shown
// each with its values; the handler sees only the kinds.
type MetaField string

// The kinds of metadata, in the order they are shown.
const (
	MetaAuthor         MetaField = "author"           // author, creator, artist, IPTC by-line
	MetaLastModifiedBy MetaField = "last_modified_by" // last saved by
	MetaCommentAuthor  MetaField = "comment_author"   // the authors of comments
	MetaRevisionAuthor MetaField = "revision_author"  // the authors of tracked changes
	MetaOrganisation   MetaField = "organisation"     // company, manager
	MetaComputer       MetaField = "computer"         // a computer's or printer's name
	MetaPath           MetaField = "path"             // a file path on the author's computer
	MetaLocation       MetaField = "location"         // GPS position
	MetaCamera         MetaField = "camera"           // make, model, serial number
	MetaDates          MetaField = "dates"            // created, modified, taken, printed
	MetaSoftware       MetaField = "software"         // the program that wrote the file
	MetaTitle          MetaField = "title"            // title, subject, keywords, description
	MetaCustom         MetaField = "custom"           // custom properties
	MetaComment        MetaField = "comment"          // a file comment, image text
	MetaXMP            MetaField = "xmp"              // an XMP packet (edit history, tools, people)
	MetaIPTC           MetaField = "iptc"             // IPTC press data
	MetaEmbedded       MetaField = "embedded"         // files or preview images inside the file
)

// MetaFields is every kind of metadata, in the order shown.
var MetaFields = []MetaField{MetaAuthor, MetaLastModifiedBy, MetaCommentAuthor, MetaRevisionAuthor, MetaOrganisation,
	MetaComputer, MetaPath, MetaLocation, MetaCamera, MetaDates, MetaSoftware, MetaTitle, MetaCustom, MetaComment,
	MetaXMP, MetaIPTC, MetaEmbedded}

// MetaOutcome is what happened to an attachment's metadata.
type MetaOutcome string

// The outcomes.
const (
	MetaNone      MetaOutcome = "none"      // nothing found (a text file, a clean photo)
	MetaRemoved   MetaOutcome = "removed"   // found and removed before storing
	MetaKept      MetaOutcome = "kept"      // found and kept at the reporter's wish
	MetaUncleaned MetaOutcome = "uncleaned" // a format that cannot be cleaned: stored as sent
)

// MetaOutcomes is every outcome.
var MetaOutcomes = []MetaOutcome{MetaNone, MetaRemoved, MetaKept, MetaUncleaned}

// AttachmentMeta is the record of an attachment's metadata kept for the
// handler: the format, what happened, and which kinds were found (never
// their values: those were removed, or are in the file when kept).
type AttachmentMeta struct {
	Format  string      `json:"format"`
	Outcome MetaOutcome `json:"outcome"`
	Fields  []MetaField `json:"fields,omitempty"`
}
