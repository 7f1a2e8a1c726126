package cli_test

import (
	"bufio"
	"context"
	"database/sql"
	"encoding/json"
	"math/rand/v2"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"

	_ "github.com/mattn/go-sqlite3" // PRAGMA integrity_check on the killed database
)

// TestKillDuringPlanAndPublish kills medibus with SIGKILL at random moments while it
// plans (creuse, a search of up to 3 s) or publishes, 50 times on one database. After
// each kill: PRAGMA integrity_check says ok, `validate --plan latest` accepts the
// latest plan, the plans stored are whole (each run stored all of its plan or nothing)
// and a restarted server answers /healthz. It builds the binary and takes a few
// minutes, so it runs only with MEDIBUS_KILL=1 (MEDIBUS_KILL_SEED picks the moments).
func TestKillDuringPlanAndPublish(t *testing.T) {
	if os.Getenv("MEDIBUS_KILL") == "" {
		t.Skip("set MEDIBUS_KILL=1 to kill medibus 50 times during plan and publish")
	}
	wd := inTempDir(t)
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	bin := filepath.Join(t.TempDir(), "medibus")
	build := exec.Command("go", "build", "-o", bin, "./cmd/medibus")
	build.Dir = filepath.Join(wd, "..")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	seed, _ := strconv.ParseUint(os.Getenv("MEDIBUS_KILL_SEED"), 10, 64)
	r := rand.New(rand.NewPCG(seed, 15))
	k := &killer{t: t, bin: bin, db: "k.db", n: map[string]int{}, mid: map[string]int{}}
	plan := func(i int) []string {
		return []string{"plan", "--scenario", "creuse", "--start", "2026-11-23", "--time-limit", "3s", "--seed", strconv.Itoa(i), "--db", k.db}
	}
	planTime := k.timed(plan(-1)...)
	k.check()
	for i := range 50 {
		if i%2 == 1 {
			k.killPublish(r)
			k.check()
			continue
		}
		// Half the kills fall anywhere in the run, half in its last fifth, where it saves.
		d := time.Duration(r.Float64() * 1.2 * float64(planTime))
		if i%4 == 2 {
			d = time.Duration((0.8 + 0.3*r.Float64()) * float64(planTime))
		}
		before := k.plans
		k.kill("plan", d, plan(i)...)
		k.check()
		if k.plans > before {
			k.storedDespite++
		}
	}
	t.Logf("50 kills: %d during plan (%d mid-run, the plan taking %s unkilled; %d runs stored their plan before the kill, the others nothing), %d during publish (%d mid-run); %d plans stored, %d published; after each, integrity_check ok, validate --plan latest ok, no plan without its sessions, a restarted server answered /healthz",
		k.n["plan"], k.mid["plan"], planTime.Round(time.Millisecond), k.storedDespite, k.n["publish"], k.mid["publish"], k.plans, k.published)
}

// killer runs and kills medibus, and checks the database after each kill.
type killer struct {
	t                *testing.T
	bin, db          string
	n, mid           map[string]int
	plans, published int
	// publishTime is how long the last publish that ran to its end took.
	publishTime time.Duration
	// storedDespite counts the plan runs killed after their plan was stored.
	storedDespite int
}

// killPublish kills a publish of a draft at a random moment of its run, planning a
// draft first when the latest plan is published already.
func (k *killer) killPublish(r *rand.Rand) {
	k.t.Helper()
	if k.plans == k.published {
		k.timed("plan", "--scenario", "creuse", "--start", "2026-11-23", "--engine", "greedy", "--db", k.db)
	}
	d := time.Duration(r.Float64() * float64(max(2*k.publishTime, 20*time.Millisecond)))
	k.kill("publish", d, "publish", "--db", k.db)
}

// timed runs medibus to its end, which must be a success, and returns how long it took.
func (k *killer) timed(args ...string) time.Duration {
	k.t.Helper()
	began := time.Now()
	if out, err := exec.Command(k.bin, args...).CombinedOutput(); err != nil {
		k.t.Fatalf("%v: %v\n%s", args, err, out)
	}
	return time.Since(began)
}

// kill starts medibus with args and sends it SIGKILL after d, unless it ended first.
func (k *killer) kill(what string, d time.Duration, args ...string) {
	k.t.Helper()
	k.n[what]++
	cmd := exec.Command(k.bin, args...)
	began := time.Now()
	if err := cmd.Start(); err != nil {
		k.t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case <-done:
		if what == "publish" {
			k.publishTime = time.Since(began)
		}
	case <-time.After(d):
		_ = cmd.Process.Signal(syscall.SIGKILL)
		err := <-done
		if ee, ok := err.(*exec.ExitError); ok && ee.ProcessState.Sys().(syscall.WaitStatus).Signaled() {
			k.mid[what]++
		}
	}
}

// check runs the checks that follow each kill.
func (k *killer) check() {
	k.t.Helper()
	if _, err := os.Stat(k.db); err != nil {
		return // killed before anything was stored: nothing to check
	}
	db, err := sql.Open("sqlite3", k.db)
	if err != nil {
		k.t.Fatal(err)
	}
	var ok string
	if err := db.QueryRow("PRAGMA integrity_check").Scan(&ok); err != nil || ok != "ok" {
		k.t.Fatalf("integrity_check: %q %v", ok, err)
	}
	var empty int
	if err := db.QueryRow(`SELECT COUNT(*) FROM plans p WHERE NOT EXISTS (SELECT 1 FROM sessions s WHERE s.plan_id = p.id)
		OR NOT EXISTS (SELECT 1 FROM bus_days b WHERE b.plan_id = p.id)`).Scan(&empty); err != nil || empty != 0 {
		k.t.Fatalf("%d plans stored without their sessions or bus-days (%v)", empty, err)
	}
	if err := db.QueryRow(`SELECT COUNT(*), COUNT(published_at) FROM plans`).Scan(&k.plans, &k.published); err != nil {
		k.t.Fatal(err)
	}
	db.Close()
	if k.plans > 0 {
		if out, err := exec.Command(k.bin, "validate", "--db", k.db, "--plan", "latest").CombinedOutput(); err != nil {
			k.t.Fatalf("validate --plan latest after a kill: %v\n%s", err, out)
		}
	}
	k.restart()
}

// restart starts a server on the database, asks /healthz and stops it with SIGTERM.
func (k *killer) restart() {
	k.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, k.bin, "serve", "--db", k.db, "--addr", "127.0.0.1:0")
	logs, err := cmd.StderrPipe()
	if err != nil {
		k.t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		k.t.Fatal(err)
	}
	addr := ""
	sc := bufio.NewScanner(logs)
	for addr == "" && sc.Scan() {
		var line struct{ Msg, Addr string }
		if json.Unmarshal(sc.Bytes(), &line) == nil && line.Msg == "serving" {
			addr = line.Addr
		}
	}
	go func() {
		for sc.Scan() { // keep the pipe drained
		}
	}()
	if addr == "" {
		k.t.Fatal("the restarted server did not start")
	}
	res, err := http.Get("http://" + addr + "/healthz")
	if err != nil || res.StatusCode != 200 {
		k.t.Fatalf("/healthz after a restart: %v %v", res, err)
	}
	res.Body.Close()
	_ = cmd.Process.Signal(syscall.SIGTERM)
	if err := cmd.Wait(); err != nil {
		k.t.Fatalf("the restarted server did not stop cleanly on SIGTERM: %v", err)
	}
}
