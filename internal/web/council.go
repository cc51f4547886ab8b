package web

// councilRoutes lists the module's routes with who may use them. Being built.
func (s *Server) councilRoutes() []route { return nil }
