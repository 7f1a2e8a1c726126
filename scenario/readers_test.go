package scenario

import (
	"os"
	"reflect"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/paulmach/orb"

	"medibus"
	"medibus/territory"
)

var (
	franceOnce sync.Once
	france     *territory.France
	franceErr  error
)

// testFrance loads the embedded territory once for the package's internal tests.
func testFrance(tb testing.TB) *territory.France {
	tb.Helper()
	franceOnce.Do(func() { france, franceErr = territory.Load() })
	if franceErr != nil {
		tb.Fatal(franceErr)
	}
	return france
}

// folderWith writes one file of a scenario folder and returns the folder state, with
// ids as the earlier files would have declared them (kind → ids).
func folderWith(t *testing.T, name, content string, ids map[string][]string) *folder {
	t.Helper()
	fo := newFolder(fstest.MapFS{name: {Data: []byte(content)}}, "", testFrance(t))
	for kind, list := range ids {
		fo.ids[kind] = map[string]int{}
		for i, id := range list {
			fo.ids[kind][id] = i + 2
		}
	}
	return fo
}

// readerCase is one file given to one reader: the rows it must return, or the text its
// error must hold (file:line: column …).
type readerCase struct {
	name    string
	content string
	want    any
	wantErr string
}

// checkReader runs read on each case's file and compares rows or error.
func checkReader(t *testing.T, file string, ids map[string][]string, read func(fo *folder) (any, error), cases []readerCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			fo := folderWith(t, file, tc.content, ids)
			got, err := read(fo)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), file+":"+tc.wantErr) {
					t.Fatalf("error %v, want it to contain %q", err, file+":"+tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("got  %+v\nwant %+v", got, tc.want)
			}
		})
	}
}

func TestReadRules(t *testing.T) {
	head := "key,value\n"
	read := func(fo *folder) (any, error) {
		sc := &medibus.Scenario{Name: "folder"}
		readRules(fo, sc, Defaults())
		return []any{sc.Name, sc.Rules.CycleWeeks, sc.Rules.SetupMin, sc.Rules.SetupAloneMin, sc.Rules.InternRemote}, fo.err()
	}
	checkReader(t, RulesFile, nil, read, []readerCase{
		{name: "defaults", content: head, want: []any{"folder", 2, 30, 45, true}},
		{name: "overrides", content: head + "name,Creuse\ncycle_weeks,4\nsetup_min,20\nsetup_alone_min,35\nintern_remote,false\n", want: []any{"Creuse", 4, 20, 35, false}},
		{name: "intern_remote not a boolean", content: head + "intern_remote,sometimes\n", wantErr: `2: column value: intern_remote: "sometimes": write true or false`},
		{name: "set twice", content: head + "name,a\nname,b\n", wantErr: `3: column key: rule "name" set twice (first on line 2)`},
		{name: "unknown rule", content: head + "colour,blue\n", wantErr: `2: column key: unknown rule "colour"`},
		{name: "travel is not a scenario's", content: head + "travel_detour,1.4\n", wantErr: "2: column key: rule \"travel_detour\": the travel model is a setting of the installation"},
		{name: "not a number", content: head + "setup_min,half an hour\n", wantErr: `2: column value: setup_min: "half an hour" is not a whole number`},
	})
}

func TestReadDepots(t *testing.T) {
	head := "id,name,insee,lat,lon\n"
	read := func(fo *folder) (any, error) { rows := readDepots(fo); return rows, fo.err() }
	checkReader(t, DepotsFile, nil, read, []readerCase{
		{name: "one depot", content: head + "d1,Guéret,23096,46.17,1.87\n",
			want: []medibus.Depot{{ID: "d1", Name: "Guéret", INSEE: "23096", Point: orb.Point{1.87, 46.17}}}},
		{name: "swapped point", content: head + "d1,Guéret,23096,1.87,46.17\n", wantErr: "2: column lat: point (1.87, 46.17) is outside metropolitan France"},
		{name: "duplicate id", content: head + "d1,A,23096,46.17,1.87\nd1,B,23096,46.17,1.87\n", wantErr: `3: column id: duplicate depot id "d1" (first on line 2)`},
		{name: "missing column", content: "id,name,lat,lon\n", wantErr: `1: missing column "insee"`},
	})
}

func TestReadUnits(t *testing.T) {
	head := "id,depot,days,shift_start,shift_end,max_drive_min,equipment,unavailable\n"
	ids := map[string][]string{"depot": {"d1"}}
	read := func(fo *folder) (any, error) { rows := readUnits(fo); return rows, fo.err() }
	checkReader(t, UnitsFile, ids, read, []readerCase{
		{name: "one bus", content: head + "u1,d1,Mon Tue-AM,07:00,19:00,240,eye_kit;ramp,2026-12-24..2026-12-26\n",
			want: []medibus.Unit{{ID: "u1", Depot: "d1", Days: medibus.HalfDays(0).With(1, medibus.AM).With(1, medibus.PM).With(2, medibus.AM),
				ShiftStart: 420, ShiftEnd: 1140, MaxDriveMin: 240, Equipment: []string{"eye_kit", "ramp"},
				Unavailable: []medibus.DateRange{must(medibus.ParseDateRange("2026-12-24..2026-12-26"))}}}},
		{name: "unknown depot", content: head + "u1,d9,Mon,07:00,19:00,240,,\n", wantErr: `2: column depot: unknown depot "d9"`},
		{name: "no driving", content: head + "u1,d1,Mon,07:00,19:00,0,,\n", wantErr: "2: column max_drive_min: 0 is out of range: write 1 to 720 minutes"},
		{name: "shift reversed", content: head + "u1,d1,Mon,19:00,07:00,240,,\n", wantErr: "2: column shift_end: shift ends at 07:00, before it starts at 19:00"},
	})
}

func TestReadServices(t *testing.T) {
	head := "id,name,roles,equipment,consult_min,rate_per_year\n"
	read := func(fo *folder) (any, error) { rows := readServices(fo); return rows, fo.err() }
	checkReader(t, ServicesFile, nil, read, []readerCase{
		{name: "two services", content: head + "gp,GP,gp,,20,2.5\ngyn,Gynaecology,midwife;nurse,gyn_chair,30,0.3\n",
			want: []medibus.Service{
				{ID: "gp", Name: "GP", Roles: []string{"gp"}, ConsultMin: 20, RatePerYear: 2.5},
				{ID: "gyn", Name: "Gynaecology", Roles: []string{"midwife", "nurse"}, Equipment: []string{"gyn_chair"}, ConsultMin: 30, RatePerYear: 0.3},
			}},
		{name: "no role", content: head + "gp,GP,,,20,2.5\n", wantErr: "2: column roles: service gp needs at least one role on board"},
		{name: "no consultation length", content: head + "gp,GP,gp,,0,2.5\n", wantErr: "2: column consult_min: 0 is out of range: write 1 to 240 minutes"},
		{name: "rate not a number", content: head + "gp,GP,gp,,20,\"2,5\"\n", wantErr: `2: column rate_per_year: "2,5" is not a number`},
	})
}

func TestReadStaff(t *testing.T) {
	head := "id,role,availability,units,max_sessions_per_week\n"
	ids := map[string][]string{"unit": {"u1", "u2"}}
	read := func(fo *folder) (any, error) { rows := readStaff(fo); return rows, fo.err() }
	checkReader(t, StaffFile, ids, read, []readerCase{
		{name: "one GP", content: head + "g1,gp,Mon,u1;u2,4\n",
			want: []medibus.StaffMember{{ID: "g1", Role: "gp", Availability: medibus.HalfDays(0).With(1, medibus.AM).With(1, medibus.PM),
				Units: []string{"u1", "u2"}, MaxSessionsPerWeek: 4}}},
		{name: "no role", content: head + "g1,,Mon,u1,4\n", wantErr: "2: column role: empty role"},
		{name: "unknown unit", content: head + "g1,gp,Mon,u1;u9,4\n", wantErr: `2: column units: unknown unit "u9"`},
	})
}

func TestReadSites(t *testing.T) {
	head := "id,insee,name,lat,lon,allowed\n"
	var communes []string
	read := func(fo *folder) (any, error) {
		sites := readSites(fo)
		communes = communes[:0]
		for _, c := range fo.communes {
			communes = append(communes, c.INSEE)
		}
		return sites, fo.err()
	}
	gueret, _ := testFrance(t).Commune("23096")
	checkReader(t, SitesFile, nil, read, []readerCase{
		{name: "empty point is the commune's", content: head + "s1,23096,Place,,,Mon-AM\n",
			want: []medibus.Site{{ID: "s1", INSEE: "23096", Name: "Place", Point: gueret.Point, Allowed: medibus.HalfDays(0).With(1, medibus.AM)}}},
		{name: "unknown INSEE", content: head + "s1,23999,Place,,,Mon\n", wantErr: `2: column insee: unknown INSEE code "23999"`},
		{name: "bad half-days", content: head + "s1,23096,Place,,,Lun\n", wantErr: `2: column allowed: half-days "Lun": unknown weekday "Lun"`},
		{name: "two regular half-days a week", content: "id,insee,name,lat,lon,allowed,per_week\ns1,23096,Place,,,Tue-AM;Thu-PM,2\n",
			want: []medibus.Site{{ID: "s1", INSEE: "23096", Name: "Place", Point: gueret.Point, PerWeek: 2,
				Allowed: medibus.HalfDays(0).With(2, medibus.AM).With(4, medibus.PM)}}},
		{name: "more regular half-days than allowed", content: "id,insee,name,lat,lon,allowed,per_week\ns1,23096,Place,,,Tue-AM,2\n",
			wantErr: `2: column per_week: 2 regular half-days a week, but allowed names only 1`},
		{name: "per_week zero", content: "id,insee,name,lat,lon,allowed,per_week\ns1,23096,Place,,,Tue,0\n",
			wantErr: `2: column per_week: 0 is out of range: write 1 to 10`},
	})
	t.Run("communes once, first seen first", func(t *testing.T) {
		fo := folderWith(t, SitesFile, head+"s1,23096,A,,,Mon\ns2,23001,B,,,Mon\ns3,23096,C,,,Tue\n", nil)
		if _, err := read(fo); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(communes, []string{"23096", "23001"}) {
			t.Fatalf("communes %v, want [23096 23001]", communes)
		}
	})
}

func TestReadDemand(t *testing.T) {
	head := "insee,service,need,source\n"
	ids := map[string][]string{"service": {"gp", "gyn"}}
	type split struct {
		Imported []medibus.Demand
		Derive   [][2]string
	}
	read := func(fo *folder) (any, error) {
		imported, derive := readDemand(fo)
		return split{imported, derive}, fo.err()
	}
	checkReader(t, DemandFile, ids, read, []readerCase{
		{name: "imported and derived", content: head + "23096,gp,12.5,imported\n23096,gyn,,\n23001,gp,40,derived\n",
			want: split{
				Imported: []medibus.Demand{{INSEE: "23096", Service: "gp", Need: 12.5, Source: "imported"}},
				Derive:   [][2]string{{"23096", "gyn"}, {"23001", "gp"}},
			}},
		{name: "twice", content: head + "23096,gp,1,\n23096,gp,2,\n", wantErr: "3: column insee: demand for 23096 and service gp given twice (first on line 2)"},
		{name: "negative", content: head + "23096,gp,-1,\n", wantErr: "2: column need: need -1 is negative"},
		{name: "NaN", content: head + "23096,gp,NaN,\n", wantErr: `2: column need: "NaN" is not a number`},
		{name: "unknown service", content: head + "23096,dentist,1,\n", wantErr: `2: column service: unknown service "dentist"`},
	})
}

func TestReadPins(t *testing.T) {
	head := "unit,date,half,site,service,staff,start,end\n"
	ids := map[string][]string{"unit": {"u1"}, "site": {"s1"}, "service": {"gp"}, "staff member": {"g1", "n1"}}
	p := Defaults()
	rules, _ := p.Rules()
	read := func(fo *folder) (any, error) {
		rows := readPins(fo, &medibus.Scenario{Rules: rules})
		return rows, fo.err()
	}
	checkReader(t, PinsFile, ids, read, []readerCase{
		{name: "one pin", content: head + "u1,2026-11-24,PM,s1,gp,g1;n1,13:30,16:00\n",
			want: []medibus.Session{{Unit: "u1", Date: must(medibus.ParseDate("2026-11-24")), Half: medibus.PM, Site: "s1", Service: "gp",
				Staff: []string{"g1", "n1"}, Start: 810, End: 960, Pinned: true}}},
		{name: "unknown staff", content: head + "u1,2026-11-24,PM,s1,gp,g9,13:30,16:00\n", wantErr: `2: column staff: unknown staff member "g9"`},
		{name: "bad half", content: head + "u1,2026-11-24,XM,s1,gp,g1,13:30,16:00\n", wantErr: "2: column half:"},
		{name: "ends before it starts", content: head + "u1,2026-11-24,PM,s1,gp,g1,16:00,13:30\n", wantErr: "2: column end: session ends at 13:30, before it starts at 16:00"},
		{name: "missing column", content: "unit,date,half,site,service,staff,start\n", wantErr: `1: missing column "end"`},
	})
	t.Run("no file pins nothing", func(t *testing.T) {
		fo := newFolder(fstest.MapFS{}, "", testFrance(t))
		if pins, err := readPins(fo, &medibus.Scenario{}), fo.err(); err != nil || pins != nil {
			t.Fatalf("got %v, %v; want no pins and no error", pins, err)
		}
	})
}

func TestReadFrequenciesDirect(t *testing.T) {
	head := "insee,service,frequency,min_gap_days,max_gap_days,days\n"
	ids := map[string][]string{"service": {"gp"}}
	sites := []medibus.Site{{ID: "s1", INSEE: "23096"}}
	read := func(fo *folder) (any, error) { rows := readFrequencies(fo, sites, 2); return rows, fo.err() }
	checkReader(t, FrequenciesFile, ids, read, []readerCase{
		{name: "fortnightly on Tuesday mornings", content: head + "23096,gp,fortnightly,,,Tue-AM\n",
			want: []medibus.Frequency{{INSEE: "23096", Service: "gp", Every: 2, Days: medibus.HalfDays(0).With(2, medibus.AM)}}},
		{name: "weeks as a number", content: head + "23096,gp,1,5,9,\n",
			want: []medibus.Frequency{{INSEE: "23096", Service: "gp", Every: 1, MinGapDays: 5, MaxGapDays: 9}}},
		{name: "negative gap", content: head + "23096,gp,weekly,-1,,\n", wantErr: "2: column min_gap_days: -1 is out of range: write 0 to 28 days between visits"},
	})
}

// must returns v, or panics on a parse error in a test's own constant input.
func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// smallFolder is the test folder that fills every column of every file.
const smallFolder = "../testdata/scenario-small"

// TestEveryDeclaredColumnIsRead: a column a file declares but its reader never reads
// would be accepted and ignored, the very failure strict reading exists to stop.
func TestEveryDeclaredColumnIsRead(t *testing.T) {
	_, fo := parseFolder(os.DirFS(smallFolder), smallFolder, Defaults(), testFrance(t))
	if err := fo.err(); err != nil {
		t.Fatal(err)
	}
	for _, spec := range allFiles {
		unread, ok := fo.unread[spec.name]
		if !ok {
			t.Errorf("%s: no row read: give the test folder at least one", spec.name)
		}
		if len(unread) > 0 {
			t.Errorf("%s: columns %v are declared but never read", spec.name, unread)
		}
	}
}

func TestReadOrganisations(t *testing.T) {
	head := "id,name,kind,depot,region,phone,booking,synthetic\n"
	ids := map[string][]string{"depot": {"d1"}}
	read := func(fo *folder) (any, error) { rows := readOrganisations(fo); return rows, fo.err() }
	checkReader(t, OrganisationsFile, ids, read, []readerCase{
		{name: "an MSP and a CPTS", content: head + "o1,MSP de Felletin,msp,d1,75,05 55 00 00 00,https://rdv.example/felletin,false\no2,CPTS Creuse Sud,cpts,,75,,,yes\n",
			want: []medibus.Organisation{
				{ID: "o1", Name: "MSP de Felletin", Kind: medibus.KindMSP, Depot: "d1", Region: "75", Phone: "05 55 00 00 00", Booking: "https://rdv.example/felletin"},
				{ID: "o2", Name: "CPTS Creuse Sud", Kind: medibus.KindCPTS, Region: "75", Synthetic: true},
			}},
		{name: "unknown kind", content: head + "o1,X,clinic,,75,,,\n", wantErr: `2: column kind: kind "clinic": write one of`},
		{name: "unknown depot", content: head + "o1,X,msp,d9,75,,,\n", wantErr: `2: column depot: unknown depot "d9"`},
		{name: "synthetic not a boolean", content: head + "o1,X,msp,,75,,,maybe\n", wantErr: `2: column synthetic: "maybe": write true or false`},
		{name: "duplicate id", content: head + "o1,X,msp,,75,,,\no1,Y,msp,,75,,,\n", wantErr: `3: column id: duplicate organisation id "o1"`},
	})
}

func TestReadUnitOrganisation(t *testing.T) {
	head := "id,depot,days,shift_start,shift_end,max_drive_min,organisation\n"
	ids := map[string][]string{"depot": {"d1"}, "organisation": {"o1"}}
	read := func(fo *folder) (any, error) { rows := readUnits(fo); return rows, fo.err() }
	checkReader(t, UnitsFile, ids, read, []readerCase{
		{name: "owned bus", content: head + "u1,d1,Mon,07:00,19:00,240,o1\n",
			want: []medibus.Unit{{ID: "u1", Depot: "d1", Organisation: "o1", Days: medibus.HalfDays(0).With(1, medibus.AM).With(1, medibus.PM),
				ShiftStart: 420, ShiftEnd: 1140, MaxDriveMin: 240}}},
		{name: "unknown organisation", content: head + "u1,d1,Mon,07:00,19:00,240,o9\n", wantErr: `2: column organisation: unknown organisation "o9"`},
	})
}

func TestReadStaffOfThePlan(t *testing.T) {
	head := "id,role,availability,units,intern,supervisor,placement,max_parallel\n"
	ids := map[string][]string{"unit": {"u1"}}
	mon := medibus.HalfDays(0).With(1, medibus.AM).With(1, medibus.PM)
	semester := must(medibus.ParseDateRange("2026-11-02..2027-04-30"))
	read := func(fo *folder) (any, error) {
		staff := readStaff(fo)
		fo.checkSupervisors(staff)
		return staff, fo.err()
	}
	checkReader(t, StaffFile, ids, read, []readerCase{
		{name: "intern, supervisor, remote specialist",
			content: head + "i1,gp,Mon,u1,true,g1,2026-11-02..2027-04-30,\ng1,gp,Mon,u1,false,,,\nd1,dermatologist,Mon,,,,,3\n",
			want: []medibus.StaffMember{
				{ID: "i1", Role: "gp", Availability: mon, Units: []string{"u1"}, Intern: true, Supervisor: "g1", Placement: &semester},
				{ID: "g1", Role: "gp", Availability: mon, Units: []string{"u1"}},
				{ID: "d1", Role: "dermatologist", Availability: mon, MaxParallel: 3},
			}},
		{name: "supervisor of a non-intern", content: head + "g2,gp,Mon,u1,false,g1,,\n", wantErr: "2: column supervisor: g2 has a supervisor but is not an intern"},
		{name: "placement reversed", content: head + "i1,gp,Mon,u1,true,,2027-04-30..2026-11-02,\n", wantErr: "2: column placement:"},
		{name: "negative parallel", content: head + "d1,dermatologist,Mon,,,,,-1\n", wantErr: "2: column max_parallel: -1 is out of range: write 0 to 20 buses"},
		{name: "unknown supervisor", content: head + "i1,gp,Mon,u1,true,g9,,\n", wantErr: `2: column supervisor: unknown staff member "g9"`},
		{name: "intern supervising an intern", content: head + "i1,gp,Mon,u1,true,i2,,\ni2,gp,Mon,u1,true,,,\n", wantErr: "2: column supervisor: i2 cannot supervise i1"},
		{name: "supervisor of another role", content: head + "i1,gp,Mon,u1,true,m1,,\nm1,midwife,Mon,u1,false,,,\n", wantErr: "2: column supervisor: m1 cannot supervise i1"},
	})
}

func TestReadServicesOfThePlan(t *testing.T) {
	head := "id,name,roles,equipment,consult_min,rate_per_year,remote,assistant_extra\n"
	read := func(fo *folder) (any, error) { rows := readServices(fo); return rows, fo.err() }
	checkReader(t, ServicesFile, nil, read, []readerCase{
		{name: "tele-dermatology and GP", content: head + "derm,Télé-derm,nurse,tele_kit,20,0.05,dermatologist,0\ngp,GP,gp,,20,1,,2\n",
			want: []medibus.Service{
				{ID: "derm", Name: "Télé-derm", Roles: []string{"nurse"}, Equipment: []string{"tele_kit"}, Remote: []string{"dermatologist"}, ConsultMin: 20, RatePerYear: 0.05},
				{ID: "gp", Name: "GP", Roles: []string{"gp"}, ConsultMin: 20, RatePerYear: 1, AssistantExtra: 2},
			}},
		{name: "negative extra", content: head + "gp,GP,gp,,20,1,,-1\n", wantErr: "2: column assistant_extra: -1 is out of range: write 0 to 20 more consultations"},
	})
}
