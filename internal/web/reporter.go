package web

import "net/http"

// The reporting point's public pages and JSON API. Stubs until built.

func (s *Server) reportForm(w http.ResponseWriter, r *http.Request) error   { return s.notFound(w, r) }
func (s *Server) submitReport(w http.ResponseWriter, r *http.Request) error { return s.notFound(w, r) }
func (s *Server) mailboxForm(w http.ResponseWriter, r *http.Request) error  { return s.notFound(w, r) }
func (s *Server) openMailbox(w http.ResponseWriter, r *http.Request) error  { return s.notFound(w, r) }
func (s *Server) mailboxMessage(w http.ResponseWriter, r *http.Request) error {
	return s.notFound(w, r)
}
func (s *Server) mailboxMinutes(w http.ResponseWriter, r *http.Request) error {
	return s.notFound(w, r)
}
func (s *Server) apiSubmitReport(w http.ResponseWriter, r *http.Request) error {
	return s.notFound(w, r)
}
func (s *Server) apiMailbox(w http.ResponseWriter, r *http.Request) error { return s.notFound(w, r) }
func (s *Server) apiMailboxMessage(w http.ResponseWriter, r *http.Request) error {
	return s.notFound(w, r)
}
