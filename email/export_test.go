package email

// AtMachine is atMachine, for the external tests.
var AtMachine = atMachine

// Flowed is flowed, for the external tests.
var Flowed = flowed
