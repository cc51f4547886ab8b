package report

// AllegationYears lets the external tests compare the trends' counts with
// the per-year facts they replaced.
var AllegationYears = allegationYears
