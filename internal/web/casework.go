package web

import "net/http"

// Case handling, the custodian's pages and the channels admin. Stubs until built.

func (s *Server) reportList(w http.ResponseWriter, r *http.Request) error    { return s.notFound(w, r) }
func (s *Server) newReportForm(w http.ResponseWriter, r *http.Request) error { return s.notFound(w, r) }
func (s *Server) createStaffReport(w http.ResponseWriter, r *http.Request) error {
	return s.notFound(w, r)
}
func (s *Server) reportPage(w http.ResponseWriter, r *http.Request) error { return s.notFound(w, r) }
func (s *Server) acknowledgeReport(w http.ResponseWriter, r *http.Request) error {
	return s.notFound(w, r)
}
func (s *Server) addReportMessage(w http.ResponseWriter, r *http.Request) error {
	return s.notFound(w, r)
}
func (s *Server) addAllegation(w http.ResponseWriter, r *http.Request) error { return s.notFound(w, r) }
func (s *Server) setOutcome(w http.ResponseWriter, r *http.Request) error    { return s.notFound(w, r) }
func (s *Server) addMeasure(w http.ResponseWriter, r *http.Request) error    { return s.notFound(w, r) }
func (s *Server) setInvestigation(w http.ResponseWriter, r *http.Request) error {
	return s.notFound(w, r)
}
func (s *Server) setReferral(w http.ResponseWriter, r *http.Request) error  { return s.notFound(w, r) }
func (s *Server) assignReport(w http.ResponseWriter, r *http.Request) error { return s.notFound(w, r) }
func (s *Server) linkReport(w http.ResponseWriter, r *http.Request) error   { return s.notFound(w, r) }
func (s *Server) requestIdentity(w http.ResponseWriter, r *http.Request) error {
	return s.notFound(w, r)
}
func (s *Server) closeReport(w http.ResponseWriter, r *http.Request) error { return s.notFound(w, r) }
func (s *Server) reportAttachment(w http.ResponseWriter, r *http.Request) error {
	return s.notFound(w, r)
}
func (s *Server) custodianPage(w http.ResponseWriter, r *http.Request) error { return s.notFound(w, r) }
func (s *Server) createRecoveryKey(w http.ResponseWriter, r *http.Request) error {
	return s.notFound(w, r)
}
func (s *Server) decideIdentity(w http.ResponseWriter, r *http.Request) error {
	return s.notFound(w, r)
}
func (s *Server) recoverAccess(w http.ResponseWriter, r *http.Request) error { return s.notFound(w, r) }
func (s *Server) channels(w http.ResponseWriter, r *http.Request) error      { return s.notFound(w, r) }
func (s *Server) setChannelHandlers(w http.ResponseWriter, r *http.Request) error {
	return s.notFound(w, r)
}
