def log = new File(basedir, 'build.log').text
assert log.contains('[INFO] airlock: clean-passes CLOUD_ELIGIBLE (INTERNAL) 0 findings')
assert !log.contains('[ERROR]')

def report = new groovy.json.JsonSlurper().parse(new File(basedir, 'target/airlock/report.json'))
assert report.schemaVersion == 1
assert report.repositories.size() == 1
def unit = report.repositories[0]
assert unit.name == 'clean-passes'
assert unit.path == '.'
assert unit.label == 'CLOUD_ELIGIBLE'
assert unit.findings.isEmpty()
// The module's files were read; the key in target/generated-sources was not found, as target/ is
// build output and not scanned.
assert unit.stats.files >= 3
assert new File(basedir, 'target/airlock/report.txt').text.contains('clean-passes  CLOUD_ELIGIBLE')
assert new groovy.json.JsonSlurper().parse(new File(basedir, 'target/airlock/report.sarif')).version == '2.1.0'
// A single-module build has no aggregated report: the module's report is the build's.
assert !new File(basedir, 'target/airlock/aggregate').exists()
return true
