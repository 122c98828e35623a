def key = 'AKIA' + 'SYNTHETIC' + '234567' + 'Q'
def log = new File(basedir, 'build.log').text
def json = new groovy.json.JsonSlurper()

// One summary line per module.
assert log.contains('[INFO] airlock: shop CLOUD_ELIGIBLE (INTERNAL) 0 findings')
assert log.contains('[INFO] airlock: billing ON_PREM_ONLY (RESTRICTED) 1 finding')
assert log =~ /\[INFO\] airlock: web CLOUD_ELIGIBLE \(INTERNAL\) 1 finding/
assert log.contains('[INFO] airlock: libs CLOUD_ELIGIBLE (INTERNAL) 0 findings')
assert log.contains('[INFO] airlock: common CLOUD_ELIGIBLE (INTERNAL) 0 findings')
assert log.contains('[INFO] airlock: build ON_PREM_ONLY: 1 of 5 modules ON_PREM_ONLY; aggregated report target/airlock/aggregate/report.json')
assert log.contains('BUILD SUCCESS')
assert !log.contains(key)

// One aggregated report in the root: the build as one repository, each module a unit of its own.
def aggregate = new File(basedir, 'target/airlock/aggregate/report.json')
assert !aggregate.text.contains(key)
def repositories = json.parse(aggregate).repositories
assert repositories.size() == 1
def build = repositories[0]
assert build.name == 'shop' && build.path == '.' && build.label == 'ON_PREM_ONLY'
assert build.units*.path == ['', 'billing', 'libs', 'libs/common', 'web']
assert build.units*.label == ['CLOUD_ELIGIBLE', 'ON_PREM_ONLY', 'CLOUD_ELIGIBLE', 'CLOUD_ELIGIBLE', 'CLOUD_ELIGIBLE']
assert build.units*.findingCount == [0, 1, 0, 0, 1]
assert build.units.find { it.path == 'billing' }.reasons*.ruleId == ['aws-access-key-id']
// Paths are from the build's root folder. None is in libs/common: it sets includeTests=false, so
// its test fixture was not read.
assert build.findings*.path == ['billing/src/main/resources/app.properties', 'web/src/test/resources/fixture.properties']
assert build.findings*.ruleId == ['aws-access-key-id', 'aws-access-key-id']
assert build.findings[0].line == 3
// Tests are scanned by default; a key in a test fixture is weak and does not make web ON_PREM_ONLY.
assert build.findings[1].confidence == 'LOW'
assert new File(basedir, 'target/airlock/aggregate/report.txt').text.contains('shop  ON_PREM_ONLY (RESTRICTED)')

// The gateway feed of the whole build: its units and their labels, and no value or finding path.
def feed = new File(basedir, 'target/airlock/aggregate/labels.json')
assert !feed.text.contains(key) && !feed.text.contains('app.properties')
def fed = json.parse(feed).repositories
assert fed.size() == 1 && fed[0].label == 'ON_PREM_ONLY'
assert fed[0].units*.path == ['', 'billing', 'libs', 'libs/common', 'web']
assert fed[0].units.find { it.path == 'billing' }.label == 'ON_PREM_ONLY'

// Nothing scanned twice: each planted key is found once, by its own module, and the parents'
// scans (the root's and libs') hold none of their children's files.
def own = { String module -> json.parse(new File(basedir, module + '/target/airlock/report.json')).repositories[0] }
assert own('.').findings.isEmpty()
assert own('.').stats.files < 10 // pom.xml, README.md, the invoker's scripts and log
assert own('libs').stats.files == 2 // libs/pom.xml and libs/README.md
def modules = ['.', 'billing', 'libs', 'libs/common', 'web']
assert build.stats.files == modules.sum { own(it).stats.files }

// The second build reused what the first stored: only the build log, which changed, was matched.
assert build.stats.blobsReused >= build.stats.files - 1
assert build.stats.blobsScanned <= 1

// Each module also has its own report.
assert own('billing').path == 'billing' && own('billing').label == 'ON_PREM_ONLY'
assert own('billing').findings*.path == ['src/main/resources/app.properties']
return true
