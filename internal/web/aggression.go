package web

// aggressionRoutes lists the module's routes with who may use them. Being built.
func (s *Server) aggressionRoutes() []route { return nil }
