def key = 'AKIA' + 'SYNTHETIC' + '234567' + 'Q'
def log = new File(basedir, 'build.log').text

assert log.contains('[INFO] airlock: expected-label-drift ON_PREM_ONLY (RESTRICTED) 1 finding')
assert log.contains('[ERROR] airlock: module expected-label-drift (.) is ON_PREM_ONLY (RESTRICTED), but airlock.expectedLabel is CLOUD_ELIGIBLE: the label drifted')
assert log.contains('src/main/resources/app.properties:3:19  aws-access-key-id')
// failOn is NEVER: the drift alone failed the build.
assert !log.contains('airlock.failOn is ON_PREM_ONLY')
assert log.contains('BUILD FAILURE')
assert !log.contains(key)
return true
