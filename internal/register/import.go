package register

import (
	"cmp"
	"context"
	"errors"
	"io"
	"slices"

	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/store"
)

// ImportPeople reads people.csv and, when given, positions.csv, and stores
// them all or nothing: any problem in either file, or a position ref that
// neither the file nor the organisation knows, and nothing is stored; every
// problem found is returned. A problem the store finds (a *store.RowError)
// is mapped back to its file, row and column. Refs are keys: importing the
// same files again updates, never duplicates. The error is for a failure
// that is not the files' (the database).
func ImportPeople(ctx context.Context, s *store.Store, actor store.Actor, orgID int64, people, positions io.Reader) (store.ImportResult, []RowProblem, error) {
	var none store.ImportResult
	pf, err := ReadPeople(people)
	if err != nil {
		return none, nil, err
	}
	pos := &Positions{}
	if positions != nil {
		if pos, err = ReadPositions(positions); err != nil {
			return none, nil, err
		}
	}
	problems := append(append([]RowProblem(nil), pos.Problems...), pf.Problems...)
	if positions == nil || len(pos.Positions) > 0 {
		// Every position named must exist: in the file, or already. (When
		// the positions file could not be read at all, its problems say so.)
		known := map[string]bool{}
		for _, p := range pos.Positions {
			known[p.Ref] = true
		}
		stored, err := s.Positions(ctx, orgID)
		if err != nil {
			return none, nil, err
		}
		for _, p := range stored {
			known[p.Ref] = true
		}
		for i, ref := range pf.PositionRefs {
			if ref != "" && !known[ref] {
				problems = append(problems, newProblem(PeopleFile, pf.Rows[i], "position_ref", "err.position_unknown", ref))
			}
		}
	}
	if len(problems) > 0 {
		// people.csv first, then positions.csv; by row within each.
		order := func(p RowProblem) int {
			if p.File == PeopleFile {
				return 0
			}
			return 1
		}
		slices.SortStableFunc(problems, func(a, b RowProblem) int {
			return cmp.Or(cmp.Compare(order(a), order(b)), cmp.Compare(a.Row, b.Row))
		})
		return none, problems, nil
	}
	res, err := s.ImportRegister(ctx, actor, orgID, store.RegisterImport{
		Positions: pos.Positions, PositionColumns: pos.Columns,
		People: pf.People, PositionRefs: pf.PositionRefs, PeopleColumns: pf.Columns,
	})
	var rowErr *store.RowError
	if errors.As(err, &rowErr) {
		if p, ok := StoreProblem(rowErr, pf.Rows, pos.Rows); ok {
			return none, []RowProblem{p}, nil
		}
	}
	if err != nil {
		return none, nil, err
	}
	return res, nil, nil
}

// StoreProblem maps a store's row error to the file, row and column it
// concerns, given the spreadsheet rows of the people and the positions
// passed to the store. It returns false for an error that is not about the
// input.
func StoreProblem(e *store.RowError, peopleRows, positionRows []int) (RowProblem, bool) {
	de := domain.AsError(e.Err)
	if de == nil || (de.Code != domain.EINVALID && de.Code != domain.ECONFLICT) {
		return RowProblem{}, false
	}
	file, rows, column := PeopleFile, peopleRows, de.Field
	if e.List == "positions" {
		file, rows = PositionsFile, positionRows
	} else if column == "position" {
		column = "position_ref"
	}
	row := 0
	if e.Index >= 0 && e.Index < len(rows) {
		row = rows[e.Index]
	}
	return newProblem(file, row, column, de.Key, de.Args...), true
}
