// Build output is not the module's own code: a credential there must not be found. It is put
// together here, at test time, so that no credential-shaped string is stored in the repository.
def key = 'AKIA' + 'SYNTHETIC' + '234567' + 'Q'
def generated = new File(basedir, 'target/generated-sources/Keys.java')
generated.parentFile.mkdirs()
generated.text = "class Keys { String id = \"${key}\"; }\n"
return true
