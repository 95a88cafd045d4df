package email

// AtMachine is atMachine, for the external tests.
var AtMachine = atMachine
