package validate

// The codes of Violation.Code, one per thing that can be wrong, grouped by the rule of
// docs/constraints.md that reports them. The strings are part of the JSON the server
// and the command line write: they never change.
const (
	// Rule 1: what the plan names exists, and the session lies in the cycle.
	CodeUnknownUnit      = "unknown-unit"       // rule 1: the session's unit is not in the scenario
	CodeUnknownSite      = "unknown-site"       // rule 1: the session's site is not in the scenario
	CodeUnknownService   = "unknown-service"    // rule 1: the session's service is not in the scenario
	CodeUnknownStaff     = "unknown-staff"      // rule 1: a member on board or remote is not in the scenario
	CodeDateOutsideCycle = "date-outside-cycle" // rule 1: the session's date is outside the plan's cycle
	CodeInvalidHalf      = "invalid-half"       // rule 1: the session's half-day is neither AM nor PM
	CodeUnknownDepot     = "unknown-depot"      // rule 1: a bus-day's unit has a depot not in the scenario

	// Rule 2: the bus runs that half-day.
	CodeBusOffDay      = "bus-off-day"     // rule 2: buses, or this unit, do not work that weekday and half
	CodeBusUnavailable = "bus-unavailable" // rule 2: the unit is declared unavailable on the date

	// Rule 3: the site takes the bus.
	CodeSiteNotAllowed = "site-not-allowed" // rule 3: the site does not allow sessions that weekday and half

	// Rule 4: the team matches the service.
	CodeStaffListedTwice  = "staff-listed-twice"  // rule 4: one member is listed twice in a session
	CodeExtraStaff        = "extra-staff"         // rule 4: a member on board holds a role the service does not need
	CodeMissingRole       = "missing-role"        // rule 4: a role of the service has nobody on board
	CodeExtraRemote       = "extra-remote"        // rule 4: a remote specialist the service does not need
	CodeMissingRemoteRole = "missing-remote-role" // rule 4: a remote role of the service has no specialist

	// Rule 5: the bus carries the equipment.
	CodeMissingEquipment = "missing-equipment" // rule 5: the unit lacks equipment the service needs

	// Rule 6: the professionals are available.
	CodeOutsidePlacement = "outside-placement" // rule 6: the date is outside an intern's placement
	CodeStaffUnavailable = "staff-unavailable" // rule 6: a member is not available that half-day or absent that date
	CodeStaffNotOnUnit   = "staff-not-on-unit" // rule 6: a member may not work on the session's unit

	// Rule 7: the session fits its half-day.
	CodeOutsideWindow   = "outside-window"    // rule 7: the session starts or ends outside its half-day's window
	CodeSessionTooShort = "session-too-short" // rule 7: the session is shorter than the minimum length
	CodeDepartBeforeEnd = "depart-before-end" // rule 7: the bus leaves before the session ends

	// Rule 8: the patients fit the session.
	CodeNegativePatients     = "negative-patients"      // rule 8: a session expects fewer than zero patients
	CodeNoConsultLength      = "no-consult-length"      // rule 8: the service has no consultation length, so no capacity
	CodePatientsOverCapacity = "patients-over-capacity" // rule 8: more patients expected than consultations fit

	// Rules 9 to 11: across sessions.
	CodeBusDoubleBooked   = "bus-double-booked"   // rule 9: a unit has two sessions in one half-day
	CodeStaffDoubleBooked = "staff-double-booked" // rule 9: a member is in two sessions in one half-day
	CodeStaffWeeklyCap    = "staff-weekly-cap"    // rule 10: a member has more sessions in a week than their cap
	CodePinMissing        = "pin-missing"         // rule 11: a pinned session is not in the plan
	CodePinMoved          = "pin-moved"           // rule 11: a pinned session is in the plan, but changed

	// Rules 12 to 17: one bus-day, timed.
	CodeBusDayWithoutSessions = "bus-day-without-sessions" // rule 12: a bus-day record has no session
	CodeDuplicateBusDay       = "duplicate-bus-day"        // rule 12: a bus-day has several records
	CodeMissingBusDay         = "missing-bus-day"          // rule 12: a day with sessions has no bus-day record
	CodeLeaveBeforeShift      = "leave-before-shift"       // rule 12: the bus leaves its depot before its shift starts
	CodeArriveTooEarly        = "arrive-too-early"         // rules 12, 14: the bus arrives before the drive there can end
	CodeNoSetupTime           = "no-setup-time"            // rule 13: the session starts before the set-up after arriving
	CodeNoBreak               = "no-break"                 // rule 14: too little time between two sessions for break, drive and set-up
	CodeReturnTooEarly        = "return-too-early"         // rule 15: back at the depot before the drive home can end
	CodeReturnAfterShift      = "return-after-shift"       // rule 15: back at the depot after the shift ends
	CodeDriveLimit            = "drive-limit"              // rule 16: a bus-day drives more than the unit's limit
	CodeLegTooLong            = "leg-too-long"             // rule 16: one drive is longer than the longest leg allowed
	CodeWrongLeg              = "wrong-leg"                // rule 17: a session's leg is reported with the wrong km or minutes
	CodeWrongDayDrive         = "wrong-day-drive"          // rule 17: a bus-day's driving is not the sum of its legs
	CodeWrongReturnLeg        = "wrong-return-leg"         // rule 17: the drive home is reported with the wrong km or minutes
	CodeWrongSessionCount     = "wrong-session-count"      // rule 17: a bus-day reports another number of sessions than the plan's

	// Rule 18: the rhythm of a service at a site.
	CodeFrequencyDay      = "frequency-day"       // rule 18: a session on a half-day its frequency does not allow
	CodeFrequencyGapLong  = "frequency-gap-long"  // rule 18: a service comes back later than its frequency allows
	CodeFrequencyGapShort = "frequency-gap-short" // rule 18: a service comes back sooner than its frequency requires

	// Rule 19: the bookings.
	CodeBookingsNotPatients = "bookings-not-patients" // rule 19: a session's bookings do not add up to its expected patients
	CodeBookedOverNeed      = "booked-over-need"      // rule 19: a commune is booked more consultations than its need
	CodeBadBooking          = "bad-booking"           // rule 19: a booking is negative, infinite or not a number
	CodeUnknownCommune      = "unknown-commune"       // rule 19: a booking names a commune not in the scenario
	CodeBookingOutOfReach   = "booking-out-of-reach"  // rule 19: a booking's commune is beyond the site's catchment

	// Rule 20: the calendar.
	CodePublicHoliday = "public-holiday" // rule 20: a session on a public holiday of its site's department
	CodeClosure       = "closure"        // rule 20: a session at a site on a date a declared closure covers

	// Rules 21 and 22: interns and remote specialists.
	CodeInternUnsupervised    = "intern-unsupervised"    // rule 21: an intern with no senior on board and no supervisor by phone
	CodeSupervisorUnavailable = "supervisor-unavailable" // rule 21: an intern's supervisor is not available then
	CodeSupervisorBusy        = "supervisor-busy"        // rule 21: an intern's supervisor is on a session then
	CodeRemoteOverParallel    = "remote-over-parallel"   // rule 22: a remote specialist serves more sessions at once than their cap
)
