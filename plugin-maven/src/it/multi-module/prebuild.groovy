// billing gets an AWS-format access key id made of a fixed synthetic pattern; web and libs/common
// get the same in a test fixture. Put together at test time, so that no credential-shaped string is
// stored in the repository.
def key = 'AKIA' + 'SYNTHETIC' + '234567' + 'Q'
def write = { String path, String text ->
  def f = new File(basedir, path)
  f.parentFile.mkdirs()
  f.text = text
}
write('billing/src/main/resources/app.properties', "name=billing\n\naws.access.key.id=${key}\n")
write('web/src/test/resources/fixture.properties', "aws.access.key.id=${key}\n")
write('libs/common/src/test/resources/fixture.properties', "aws.access.key.id=${key}\n")
return true
