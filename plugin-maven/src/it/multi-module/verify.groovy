def key = 'AKIA' + 'SYNTHETIC' + '234567' + 'Q'
def log = new File(basedir, 'build.log').text
def json = new groovy.json.JsonSlurper()

// One summary line per module.
assert log.contains('[INFO] airlock: shop CLOUD_ELIGIBLE (PUBLIC) 0 findings')
assert log.contains('[INFO] airlock: billing ON_PREM_ONLY (RESTRICTED) 1 finding')
assert log =~ /\[INFO\] airlock: web CLOUD_ELIGIBLE \((PUBLIC|INTERNAL)\) 1 finding/
assert log.contains('[INFO] airlock: libs CLOUD_ELIGIBLE (PUBLIC) 0 findings')
assert log.contains('[INFO] airlock: common CLOUD_ELIGIBLE (PUBLIC) 0 findings')
assert log.contains('[INFO] airlock: build ON_PREM_ONLY: 1 of 5 modules ON_PREM_ONLY; aggregated report target/airlock/aggregate/report.json')
assert log.contains('BUILD SUCCESS')
assert !log.contains(key)

// One aggregated report in the root, every module a unit of its own, sorted by path.
def aggregate = new File(basedir, 'target/airlock/aggregate/report.json')
assert !aggregate.text.contains(key)
def units = json.parse(aggregate).repositories
assert units*.path == ['.', 'billing', 'libs', 'libs/common', 'web']
assert units*.name == ['shop', 'billing', 'libs', 'common', 'web']
assert units*.label == ['CLOUD_ELIGIBLE', 'ON_PREM_ONLY', 'CLOUD_ELIGIBLE', 'CLOUD_ELIGIBLE', 'CLOUD_ELIGIBLE']
def billing = units.find { it.name == 'billing' }
assert billing.findings*.ruleId == ['aws-access-key-id']
assert billing.findings[0].path == 'src/main/resources/app.properties'
assert billing.findings[0].line == 3
// Tests are scanned by default; a key in a test fixture is weak and does not make web ON_PREM_ONLY.
def web = units.find { it.name == 'web' }
assert web.findings*.path == ['src/test/resources/fixture.properties']
assert web.findings[0].confidence == 'LOW'
// common sets includeTests=false: its fixture is not read at all.
assert units.find { it.name == 'common' }.findings.isEmpty()
assert new File(basedir, 'target/airlock/aggregate/report.txt').text.contains('billing  ON_PREM_ONLY (RESTRICTED)')

// Nothing scanned twice: each planted key is found once, by its own module, and the parents'
// scans (the root's and libs') hold none of their children's files.
assert units.sum { it.findings.size() } == 2
def rootFiles = units.find { it.path == '.' }.stats.files
def libsFiles = units.find { it.path == 'libs' }.stats.files
assert libsFiles == 2 // libs/pom.xml and libs/README.md
assert rootFiles < 10

// Each module also has its own report.
def own = json.parse(new File(basedir, 'billing/target/airlock/report.json')).repositories
assert own.size() == 1 && own[0].path == 'billing' && own[0].label == 'ON_PREM_ONLY'
return true
