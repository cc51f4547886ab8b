package web

// adviceRoutes lists the module's routes with who may use them. Being built.
func (s *Server) adviceRoutes() []route { return nil }
