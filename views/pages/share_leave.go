package pages

// LeaveView confirms removing an image shared with the viewer's account
// (R18) and names what stays: the account's instances launched from it.
type LeaveView struct {
	Image     ImageRow
	Instances []LeaveInstance
}

// LeaveInstance is an instance that keeps running after the leave.
type LeaveInstance struct{ ID, Name, State string }
