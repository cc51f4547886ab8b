package web

// peopleRoutes lists the module's routes with who may use them. Being built.
func (s *Server) peopleRoutes() []route { return nil }
