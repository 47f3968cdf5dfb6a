package client_test

import (
	"context"
	"fmt"
	"time"

	"github.com/partnerdash/partnerdash/client"
	"github.com/partnerdash/partnerdash/client/graphsim"
	"github.com/partnerdash/partnerdash/model"
	"github.com/partnerdash/partnerdash/ui"
)

// The dashboard builds against ui.PartnerService; the client must keep satisfying it.
var _ ui.PartnerService = (*client.Client)(nil)

// A client for the in-process simulator: its base URL and its socket-free HTTP client. Against
// Graph it would be client.New("https://graph.microsoft.com/v1.0", client.WithTokenSource(ts)).
func ExampleNew() {
	sim := graphsim.New(graphsim.WithPartners([]model.Partner{
		{ID: "8a1c5e1e-2f4b-4d7a-9c3e-1b2d3e4f5a6b", DisplayName: "Jamf Pro", PartnerState: model.StateEnabled, IsConfigured: true},
	}))
	c, err := client.New(graphsim.DemoBaseURL, client.WithHTTPClient(sim.Client()), client.WithUserAgent("partnerdash/1.0.0"))
	if err != nil {
		fmt.Println(err)
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	partners, err := c.List(ctx)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, p := range partners {
		fmt.Println(p.DisplayName, p.PartnerState.Label())
	}
	_, err = c.Get(ctx, "00000000-0000-0000-0000-000000000000")
	fmt.Println("not found:", client.IsNotFound(err))
	// Output:
	// Jamf Pro Active
	// not found: true
}
