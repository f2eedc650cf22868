package handlers_test

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/labstack/echo/v4"
	"gorm.io/gorm"

	"imageshare/handlers/handlertest"
	"imageshare/models"
	"imageshare/models/testdb"
	"imageshare/static"
)

// SPEC 9's data set: 10,000 accounts, 100,000 custom images over 9 regions,
// 500,000 shares. Built once per benchmark run (it takes a few seconds) on a
// SQLite file, with the demo accounts on top so there is someone to sign in.
const (
	benchAccounts       = 10_000
	benchImagesPer      = 10 // per account: 100,000 images
	benchSharesPerImage = 5  // 500,000 shares
)

// BenchmarkSPEC9 builds the data set once and measures, as sub-benchmarks
// sharing it: the Images page tabs and the image detail page from 32
// concurrent clients, a static asset of similar size as the yardstick, and
// sharing one image with 50 accounts. Run: make bench.
func BenchmarkSPEC9(b *testing.B) {
	db := testdb.Seeded(b, testdb.SQLite(b))
	if err := models.SeedDemo(context.Background(), db, handlertest.DemoPassword); err != nil {
		b.Fatal(err)
	}
	start := time.Now()
	if err := fillDataset(db); err != nil {
		b.Fatal(err)
	}
	// What the server's hourly maintenance does once data has grown.
	if err := db.Optimize(context.Background()); err != nil {
		b.Fatal(err)
	}
	b.Logf("data set built in %s", time.Since(start).Round(time.Millisecond))
	// SPEC 9's yardstick is "a static page of the same size served by the
	// same binary": the custom tab's own HTML, served under /static/ (so
	// with the shell's static path: no session, no query) once captured.
	var samePage []byte
	app := handlertest.New(b, handlertest.WithDB(db), handlertest.WithRoutes(func(e *echo.Echo) {
		e.GET("/static/bench/page.html", func(c echo.Context) error { return c.HTMLBlob(http.StatusOK, samePage) })
	}))
	samePage = []byte(app.SignedIn(b, handlertest.Alice, handlertest.DemoPassword).
		Get("/images?region=ap-guangzhou&tab=custom").Body)
	b.Logf("page size %d bytes", len(samePage))
	// Every page reports its throughput as a share of the static page's
	// ("%ceiling", SPEC 9 wants at least 50), the two taking turns
	// (benchGet).
	const ceilingPath = "/static/bench/page.html"
	b.Run("static-same-size-page", func(b *testing.B) { benchGet(b, app, handlertest.Alice, ceilingPath, nil) })
	ceilingClient := app.SignedIn(b, handlertest.Alice, handlertest.DemoPassword)
	ceiling := func(b *testing.B, n int) benchCost {
		// Enough requests for a stable figure, however short the round.
		return concurrentGets(b, ceilingClient, ceilingPath, max(n, 500))
	}
	b.Run("static-asset", func(b *testing.B) { benchGet(b, app, handlertest.Alice, static.Path("app.css"), ceiling) })
	b.Run("images-custom-tab", func(b *testing.B) {
		benchGet(b, app, handlertest.Alice, "/images?region=ap-guangzhou&tab=custom", ceiling)
	})
	b.Run("images-shared-tab", func(b *testing.B) {
		benchGet(b, app, handlertest.Bob, "/images?region=ap-guangzhou&tab=shared", ceiling)
	})
	b.Run("images-public-tab", func(b *testing.B) {
		benchGet(b, app, handlertest.Alice, "/images?region=ap-guangzhou&tab=public", ceiling)
	})
	b.Run("image-detail", func(b *testing.B) { benchGet(b, app, handlertest.Alice, "/images/img-alice000", ceiling) })
	b.Run("share-50-accounts", func(b *testing.B) { benchShare50(b, app) })
}

// fillDataset inserts the data set in a few large transactions. Alice's
// Guangzhou tab gets 30 more images, some shared with bob, so her pages show
// full 20-row lists; everyone else's images are spread over the regions.
// Organizations and their shares follow (fillOrganizations).
func fillDataset(db *models.DB) error {
	now := time.Now().UTC()
	return db.Transaction(func(tx *gorm.DB) error {
		accounts := make([]models.Account, 0, benchAccounts)
		for i := range benchAccounts {
			accounts = append(accounts, models.Account{ID: fmt.Sprintf("2%011d", i), Name: fmt.Sprintf("Bench %05d", i),
				Status: models.AccountActive, CreatedAt: now})
		}
		if err := tx.CreateInBatches(accounts, 1000).Error; err != nil {
			return err
		}
		images := make([]models.Image, 0, 5000)
		shares := make([]models.Share, 0, 25000)
		flush := func() error {
			if err := tx.CreateInBatches(images, 500).Error; err != nil {
				return err
			}
			if err := tx.CreateInBatches(shares, 1000).Error; err != nil {
				return err
			}
			images, shares = images[:0], shares[:0]
			return nil
		}
		for a := range benchAccounts {
			owner := accounts[a].ID
			for j := range benchImagesPer {
				img := benchImage(fmt.Sprintf("img-b%07d", a*benchImagesPer+j), owner, models.RegionIDs[(a+j)%9],
					fmt.Sprintf("image-%02d", j), now.Add(-time.Duration(j)*time.Minute))
				images = append(images, img)
				for k := range benchSharesPerImage {
					shares = append(shares, models.Share{ImageID: img.ID, RecipientAccountID: accounts[(a+k+1)%benchAccounts].ID,
						Status: models.ShareActive, CreatedAt: now})
				}
			}
			if len(images) >= 5000 {
				if err := flush(); err != nil {
					return err
				}
			}
		}
		if err := flush(); err != nil {
			return err
		}
		for j := range 30 {
			img := benchImage(fmt.Sprintf("img-alice%03d", j), handlertest.AliceAccount, "ap-guangzhou",
				fmt.Sprintf("alice-bench-%02d", j), now.Add(-time.Duration(j)*time.Second))
			images = append(images, img)
			if j%3 == 0 {
				shares = append(shares, models.Share{ImageID: img.ID, RecipientAccountID: handlertest.BobAccount,
					Status: models.ShareActive, CreatedAt: now})
			}
		}
		if err := flush(); err != nil {
			return err
		}
		return fillOrganizations(tx, accounts, now)
	})
}

func benchImage(id, owner, region, name string, at time.Time) models.Image {
	return models.Image{ID: id, RegionID: region, OwnerAccountID: &owner, Name: name, OSName: "Debian 12.8 64-bit",
		Platform: "Debian", Architecture: "x86_64", SizeGB: 20, State: models.ImageNormal,
		Source: models.SourceCreateImage, Progress: 100, CreatedAt: at, UpdatedAt: at}
}

// benchCost is what one request cost: wall time across all clients (the
// inverse of throughput) and CPU time of the process (server and clients).
type benchCost struct{ wall, cpu time.Duration }

// benchRounds is how many times a page and its ceiling take turns.
const benchRounds = 5

// benchGet measures one page as a signed-in user, from 32 concurrent clients
// (SPEC 9); go test reports the time per request across all of them. With a
// ceiling (the static page's cost, measured the same way) it also reports
// the page's throughput as a percentage of the ceiling's: "%ceiling" from
// wall time, and "%ceiling-cpu" from CPU time, which other processes on the
// machine do not disturb (on a dedicated machine, where every request is
// CPU-bound, the two agree). On a virtual machine the speed of both drifts by
// tens of percent within a run, so the page and its ceiling take turns in
// benchRounds rounds of equal length, and the share reported is the median of
// the rounds' (one ceiling at the start read 47-58% for the same tree).
func benchGet(b *testing.B, app *handlertest.App, user, path string, ceiling func(*testing.B, int) benchCost) {
	client := app.SignedIn(b, user, handlertest.DemoPassword)
	if r := client.Get(path); r.StatusCode != http.StatusOK {
		b.Fatalf("GET %s: %d", path, r.StatusCode)
	}
	rounds := benchRounds
	if ceiling == nil || b.N < 2*rounds {
		rounds = 1
	}
	var wallShares, cpuShares []float64
	var cpu time.Duration
	b.ResetTimer()
	for i := range rounds {
		n := b.N / rounds
		if i == rounds-1 {
			n = b.N - i*n
		}
		var yardstick benchCost
		if ceiling != nil {
			b.StopTimer()
			yardstick = ceiling(b, n)
			b.StartTimer()
		}
		cost := concurrentGets(b, client, path, n)
		cpu += cost.cpu * time.Duration(n)
		if ceiling != nil {
			wallShares = append(wallShares, 100*float64(yardstick.wall)/float64(cost.wall))
			cpuShares = append(cpuShares, 100*float64(yardstick.cpu)/float64(cost.cpu))
		}
	}
	b.ReportMetric(float64((cpu / time.Duration(b.N)).Microseconds()), "cpu-µs/op")
	if ceiling != nil {
		b.ReportMetric(median(wallShares), "%ceiling")
		b.ReportMetric(median(cpuShares), "%ceiling-cpu")
	}
}

// concurrentGets requests path n times from 32 concurrent clients and
// returns the cost of one request.
func concurrentGets(b *testing.B, client *handlertest.Client, path string, n int) benchCost {
	const clients = 32
	var next atomic.Int64
	cpuBefore, start := processCPU(b), time.Now()
	var wg sync.WaitGroup
	for range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for next.Add(1) <= int64(n) {
				if r := client.Get(path); r.StatusCode != http.StatusOK {
					b.Errorf("GET %s: %d", path, r.StatusCode)
				}
			}
		}()
	}
	wg.Wait()
	return benchCost{wall: time.Since(start) / time.Duration(n), cpu: (processCPU(b) - cpuBefore) / time.Duration(n)}
}

func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// processCPU is the CPU time the process has used so far, user and system.
func processCPU(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

var shareBenchSeq atomic.Int64

// benchShare50 shares one image with 50 accounts in one request (SPEC 9:
// under 20 ms median), through the domain call the console and API share.
func benchShare50(b *testing.B, app *handlertest.App) {
	shares := models.NewShareStore(app.DB)
	var alice models.User
	if err := app.DB.Where("username = ?", handlertest.Alice).Take(&alice).Error; err != nil {
		b.Fatal(err)
	}
	actor := models.Actor{UserID: alice.ID, AccountID: handlertest.AliceAccount}
	recipients := make([]string, 50)
	for i := range recipients {
		recipients[i] = fmt.Sprintf("2%011d", 5000+i)
	}
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		i := shareBenchSeq.Add(1) // b.N restarts at each ramp: ids must not
		img := benchImage(fmt.Sprintf("img-s%07d", i), handlertest.AliceAccount, "ap-shanghai", fmt.Sprintf("share-bench-%d", i), time.Now())
		if err := app.DB.Create(&img).Error; err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		if _, err := shares.Share(context.Background(), actor, models.ShareRequest{ImageID: img.ID, AccountIDs: recipients, RiskAccepted: true}); err != nil {
			b.Fatal(err)
		}
	}
}
