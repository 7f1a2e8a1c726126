package planning

import (
	"context"
	"fmt"

	"medibus"
	"medibus/scheduler"
)

// Idle says why the buses of rotation pl leave half-days empty (scheduler.IdleHalfDays):
// the rotation is explained on its scenario's rotation, as it was planned, with the
// service's travel model. A dated change covers some days only, so it is refused.
func (s *Service) Idle(ctx context.Context, sc *medibus.Scenario, pl *medibus.Plan) (*scheduler.IdleReport, error) {
	if pl.IsChange() {
		return nil, fmt.Errorf("plan %d is a dated change of some days: explain the rotation it changes instead", pl.ID)
	}
	return scheduler.IdleHalfDays(ctx, sc.Rotation(), pl, s.Travel)
}
