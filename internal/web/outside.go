package web

// outsideRoutes lists the module's routes with who may use them. Being built.
func (s *Server) outsideRoutes() []route { return nil }
