package web

// adviserRoutes lists the module's routes with who may use them. Being built.
func (s *Server) adviserRoutes() []route { return nil }
