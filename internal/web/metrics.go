package web

import "net/http"

// metrics serves /metrics on the main address only when a metrics token is
// configured; otherwise the path does not exist here.
func (s *Server) metrics(w http.ResponseWriter, r *http.Request) error {
	return s.notFound(w, r)
}
