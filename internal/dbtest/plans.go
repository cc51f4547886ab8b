package dbtest

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// Access is how a query plan reads one table.
type Access struct {
	Table string // the table's name (not its alias in the query)
	// Full: the plan reads the whole table, directly or through an index
	// in its order (SQLite SCAN, PostgreSQL Seq Scan or an index scan
	// without a condition).
	Full  bool
	Index string // the index used, if any
	// Key: the index is the primary key or a unique index, with every one
	// of its columns given by equality, so at most one row is read.
	Key bool
	// Columns are those the index condition names.
	Columns []string
	Detail  string // the plan's own line for this access
}

// Names reports whether the index condition names the column.
func (a Access) Names(column string) bool { return slices.Contains(a.Columns, column) }

func (a Access) String() string { return a.Table + ": " + a.Detail }

// Plan is the engine's plan for one statement.
type Plan struct {
	Text     string // the plan as the engine prints it
	Accesses []Access
}

// Explain asks the engine how it would run query with args (SQLite EXPLAIN
// QUERY PLAN; PostgreSQL EXPLAIN (FORMAT JSON), the planner's settings as
// they are) without running it, and returns every table it reads and how.
func Explain(ctx context.Context, db *sql.DB, postgres bool, query string, args []any) (Plan, error) {
	if postgres {
		return explainPostgres(ctx, db, query, args)
	}
	return explainSQLite(ctx, db, query, args)
}

var (
	sqliteLine   = regexp.MustCompile(`^(SCAN|SEARCH) (\S+)(?: USING (?:(?:COVERING )?INDEX (\S+)|(INTEGER PRIMARY KEY|PRIMARY KEY)))?(?: \((.*)\))?`)
	sqliteColumn = regexp.MustCompile(`(\w+)(?:=|>|<| IN\b)`)
	fromAlias    = regexp.MustCompile(`(?i)\b(?:FROM|JOIN|UPDATE)\s+([a-z_][a-z0-9_]*)(?:\s+(?:AS\s+)?([a-z_][a-z0-9_]*))?`)
	keywords     = map[string]bool{"where": true, "join": true, "left": true, "inner": true, "cross": true, "on": true, "indexed": true,
		"group": true, "order": true, "limit": true, "using": true, "natural": true, "union": true, "set": true, "as": true,
		"offset": true, "having": true, "window": true, "returning": true, "except": true, "intersect": true}
)

// aliases maps each alias in query to its table (and each table to itself).
func aliases(query string) map[string]string {
	m := map[string]string{}
	for _, f := range fromAlias.FindAllStringSubmatch(query, -1) {
		table := strings.ToLower(f[1])
		if _, ok := m[table]; !ok {
			m[table] = table
		}
		if alias := strings.ToLower(f[2]); alias != "" && !keywords[alias] {
			if _, ok := m[alias]; !ok {
				m[alias] = table
			}
		}
	}
	return m
}

func explainSQLite(ctx context.Context, db *sql.DB, query string, args []any) (Plan, error) {
	rows, err := db.QueryContext(ctx, "EXPLAIN QUERY PLAN "+query, args...)
	if err != nil {
		return Plan{}, fmt.Errorf("explain: %w", err)
	}
	var lines []string
	for rows.Next() {
		var id, parent, notused int64
		var detail string
		if err := rows.Scan(&id, &parent, &notused, &detail); err != nil {
			rows.Close()
			return Plan{}, err
		}
		lines = append(lines, detail)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return Plan{}, err
	}
	names := aliases(query)
	plan := Plan{Text: strings.Join(lines, "\n")}
	for _, line := range lines {
		m := sqliteLine.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		table, ok := names[strings.ToLower(m[2])]
		if !ok {
			continue // a subquery, a view of a CTE, a constant row
		}
		// ANY(column): a skip scan, which reads the index for every value
		// of its first column (every organisation).
		a := Access{Table: table, Full: m[1] == "SCAN" || strings.Contains(m[5], "ANY("), Index: m[3], Detail: line}
		for _, c := range sqliteColumn.FindAllStringSubmatch(m[5], -1) {
			a.Columns = append(a.Columns, c[1])
		}
		switch {
		case a.Full:
		case m[4] != "":
			a.Key = strings.Contains(m[5], "rowid=?") || strings.Contains(m[5], "id=?")
		case a.Index != "":
			a.Key, err = sqliteKey(ctx, db, table, a.Index, m[5])
			if err != nil {
				return Plan{}, err
			}
		}
		plan.Accesses = append(plan.Accesses, a)
	}
	return plan, nil
}

// sqliteKey reports whether index is unique and cond gives each of its
// columns by equality.
func sqliteKey(ctx context.Context, db *sql.DB, table, index, cond string) (bool, error) {
	var unique bool
	err := db.QueryRowContext(ctx, `SELECT "unique" FROM pragma_index_list($1) WHERE name = $2`, table, index).Scan(&unique)
	if err == sql.ErrNoRows || !unique {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	rows, err := db.QueryContext(ctx, `SELECT name FROM pragma_index_info($1)`, index)
	if err != nil {
		return false, err
	}
	defer rows.Close()
	for rows.Next() {
		var column string
		if err := rows.Scan(&column); err != nil {
			return false, err
		}
		if !strings.Contains(cond, column+"=?") {
			return false, nil
		}
	}
	return true, rows.Err()
}

// pgNode is a node of PostgreSQL's JSON plan.
type pgNode struct {
	NodeType    string   `json:"Node Type"`
	Relation    string   `json:"Relation Name"`
	Alias       string   `json:"Alias"`
	Index       string   `json:"Index Name"`
	IndexCond   string   `json:"Index Cond"`
	RecheckCond string   `json:"Recheck Cond"`
	Filter      string   `json:"Filter"`
	Plans       []pgNode `json:"Plans"`
}

var pgColumn = regexp.MustCompile(`\((?:\w+\.)?(\w+) (?:=|>|<|>=|<=) `)

func explainPostgres(ctx context.Context, db *sql.DB, query string, args []any) (Plan, error) {
	var out []byte
	if err := db.QueryRowContext(ctx, "EXPLAIN (FORMAT JSON) "+query, args...).Scan(&out); err != nil {
		return Plan{}, fmt.Errorf("explain: %w", err)
	}
	var top []struct {
		Plan pgNode `json:"Plan"`
	}
	if err := json.Unmarshal(out, &top); err != nil {
		return Plan{}, fmt.Errorf("explain: %w", err)
	}
	plan := Plan{}
	var text []string
	var walk func(n pgNode, depth int) error
	walk = func(n pgNode, depth int) error {
		line := strings.Repeat("  ", depth) + n.NodeType
		if n.Relation != "" {
			line += " on " + n.Relation + " " + n.Alias
		}
		if n.Index != "" {
			line += " using " + n.Index
		}
		for _, c := range []struct{ k, v string }{{"Index Cond", n.IndexCond}, {"Recheck Cond", n.RecheckCond}, {"Filter", n.Filter}} {
			if c.v != "" {
				line += " [" + c.k + ": " + c.v + "]"
			}
		}
		text = append(text, line)
		if n.Relation != "" && strings.HasSuffix(n.NodeType, "Scan") { // not ModifyTable: an insert reads nothing
			a := Access{Table: n.Relation, Index: n.Index, Detail: strings.TrimSpace(line)}
			cond := n.IndexCond
			if n.NodeType == "Bitmap Heap Scan" {
				cond = n.RecheckCond
				a.Index = bitmapIndexes(n)
			}
			a.Full = n.NodeType == "Seq Scan" || (a.Index != "" && cond == "")
			for _, c := range pgColumn.FindAllStringSubmatch(cond, -1) {
				a.Columns = append(a.Columns, c[1])
			}
			if !a.Full && n.Index != "" {
				columns, unique, err := postgresIndex(ctx, db, n.Index)
				if err != nil {
					return err
				}
				// Without its first column, the index is read whole.
				a.Full = len(columns) > 0 && !a.Names(columns[0])
				a.Key = unique && !a.Full
				for _, c := range columns {
					a.Key = a.Key && regexp.MustCompile(`\((?:\w+\.)?`+regexp.QuoteMeta(c)+` = `).MatchString(cond)
				}
			}
			if n.NodeType != "Bitmap Heap Scan" && n.Index == "" && n.NodeType != "Seq Scan" {
				a.Full = true // a scan of another kind (TID, sample): say so
			}
			plan.Accesses = append(plan.Accesses, a)
		}
		for _, c := range n.Plans {
			if err := walk(c, depth+1); err != nil {
				return err
			}
		}
		return nil
	}
	if len(top) == 1 {
		if err := walk(top[0].Plan, 0); err != nil {
			return Plan{}, err
		}
	}
	plan.Text = strings.Join(text, "\n")
	return plan, nil
}

// bitmapIndexes names the indexes under a bitmap heap scan.
func bitmapIndexes(n pgNode) string {
	var names []string
	for _, c := range n.Plans {
		if c.Index != "" {
			names = append(names, c.Index)
		}
		if sub := bitmapIndexes(c); sub != "" {
			names = append(names, sub)
		}
	}
	return strings.Join(names, ",")
}

// postgresIndex returns the columns of index in order and whether it is
// unique.
func postgresIndex(ctx context.Context, db *sql.DB, index string) (columns []string, unique bool, err error) {
	rows, err := db.QueryContext(ctx, `SELECT a.attname, i.indisunique FROM pg_index i
		JOIN pg_class c ON c.oid = i.indexrelid
		JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, n) ON true
		JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
		WHERE c.relname = $1 ORDER BY k.n`, index)
	if err != nil {
		return nil, false, err
	}
	defer rows.Close()
	for rows.Next() {
		var column string
		if err := rows.Scan(&column, &unique); err != nil {
			return nil, false, err
		}
		columns = append(columns, column)
	}
	return columns, unique, rows.Err()
}
