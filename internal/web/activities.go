package web

// activityRoutes lists the module's routes with who may use them. Being built.
func (s *Server) activityRoutes() []route { return nil }
