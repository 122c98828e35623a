// An AWS-format access key id made of a fixed synthetic pattern, put together at test time so that
// no credential-shaped string is stored in the repository. It passes the aws-access-key-id rule.
def key = 'AKIA' + 'SYNTHETIC' + '234567' + 'Q'
def config = new File(basedir, 'src/main/resources/app.properties')
config.parentFile.mkdirs()
config.text = "name=billing\n\naws.access.key.id=${key}\n"
return true
