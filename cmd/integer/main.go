// Command integer is the integrity management system for Dutch public
// organisations. See `integer help`.
package main

import (
	"os"

	"github.com/integer-nl/integer/internal/cli"
)

func main() { os.Exit(cli.Main(os.Args[1:])) }
