package models

import "slices"

// InstanceCan is what an instance's account may do with it now, from the
// same state checks that guard each change.
type InstanceCan struct {
	Stop, Start, Reinstall, CreateImage, Terminate Verdict
}

// Can returns what may be done with the instance in its state.
func (ins Instance) Can() InstanceCan {
	settled := verdict(requireInstanceState(ins, InstanceRunning, InstanceStopped))
	return InstanceCan{
		Stop:        verdict(requireInstanceState(ins, InstanceRunning)),
		Start:       verdict(requireInstanceState(ins, InstanceStopped)),
		Reinstall:   settled,
		CreateImage: settled,
		Terminate:   verdict(requireInstanceState(ins, InstancePending, InstanceRunning, InstanceStopped, InstanceReinstalling)),
	}
}

// Busy reports whether the instance is between states (booting or being
// reinstalled): pages showing it refresh themselves.
func (ins Instance) Busy() bool {
	return ins.State == InstancePending || ins.State == InstanceReinstalling
}

// Running reports whether the instance runs.
func (ins Instance) Running() bool { return ins.State == InstanceRunning }

// requireInstanceState refuses an action the instance's state does not allow.
func requireInstanceState(ins Instance, allowed ...string) *Error {
	if slices.Contains(allowed, ins.State) {
		return nil
	}
	return instanceStateError(ins.State)
}
