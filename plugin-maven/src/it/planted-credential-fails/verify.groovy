def key = 'AKIA' + 'SYNTHETIC' + '234567' + 'Q'
def log = new File(basedir, 'build.log').text

assert log.contains('[INFO] airlock: planted-credential-fails ON_PREM_ONLY (RESTRICTED) 1 finding')
// The error names the label, the unit, the rule, the file and the line.
assert log.contains('[ERROR] airlock: module planted-credential-fails (.) is ON_PREM_ONLY (RESTRICTED), and airlock.failOn is ON_PREM_ONLY')
assert log =~ /\[ERROR\]   src\/main\/resources\/app\.properties:3:19  aws-access-key-id \(SECRET, HIGH\)  AKIA…\(sha256:[0-9a-f]{6}\)/
assert log.contains('BUILD FAILURE')
// Only the redacted form is shown, in the log and in the report.
assert !log.contains(key)
def reportFile = new File(basedir, 'target/airlock/report.json')
assert !reportFile.text.contains(key)
def unit = new groovy.json.JsonSlurper().parse(reportFile).repositories[0]
assert unit.label == 'ON_PREM_ONLY'
assert unit.findings*.ruleId == ['aws-access-key-id']
assert unit.findings[0].path == 'src/main/resources/app.properties'
assert unit.findings[0].line == 3
return true
