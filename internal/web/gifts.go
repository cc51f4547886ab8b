package web

// giftRoutes lists the module's routes with who may use them. Being built.
func (s *Server) giftRoutes() []route { return nil }
