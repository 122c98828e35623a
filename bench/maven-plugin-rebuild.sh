#!/usr/bin/env bash
# Times the Airlock Maven plugin on a generated multi-module project: a first build (empty scan
# state), a second build of the same files, and a third after one file changed. Prints wall-clock
# times and what each build read and reused. Manual only; nothing here fails on timing.
#
#   bench/maven-plugin-rebuild.sh [WORK_DIR]      # MODULES=6 FILES=1000 (about 60 MB) by default
#
# Needs the plugin in plugin-maven/target/it-repo, which `./mvnw verify` (or
# `./mvnw -q verify -pl plugin-maven -am -DskipTests`) puts there, and runs offline from it.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=${1:-$ROOT/bench/work/maven-plugin}
MODULES=${MODULES:-6}
FILES=${FILES:-1000}
REPO=$ROOT/plugin-maven/target/it-repo
VERSION=$(sed -n 's|^  <version>\(.*\)</version>|\1|p' "$ROOT/pom.xml" | head -1)
[ -d "$REPO/dev/airlock/airlock-maven-plugin/$VERSION" ] || {
  echo "no plugin in $REPO: run ./mvnw -q verify -pl plugin-maven -am -DskipTests first" >&2
  exit 2
}

rm -rf "$WORK" && mkdir -p "$WORK"
cd "$WORK"
modules=""
for m in $(seq 1 "$MODULES"); do modules="$modules    <module>mod$m</module>
"; done
cat > pom.xml <<EOF
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>bench.airlock</groupId>
  <artifactId>bench</artifactId>
  <version>1.0</version>
  <packaging>pom</packaging>
  <modules>
$modules  </modules>
  <build>
    <plugins>
      <plugin>
        <groupId>dev.airlock</groupId>
        <artifactId>airlock-maven-plugin</artifactId>
        <version>$VERSION</version>
        <executions><execution><goals><goal>scan</goal></goals></execution></executions>
      </plugin>
    </plugins>
  </build>
</project>
EOF
for m in $(seq 1 "$MODULES"); do
  mkdir -p "mod$m/src/main/java/bench/mod$m"
  cat > "mod$m/pom.xml" <<EOF
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <parent><groupId>bench.airlock</groupId><artifactId>bench</artifactId><version>1.0</version></parent>
  <artifactId>mod$m</artifactId>
  <packaging>pom</packaging>
</project>
EOF
  # Source-like files, each different: identifiers, literals, comments and numbers.
  awk -v dir="mod$m/src/main/java/bench/mod$m" -v files="$FILES" -v seed="$m" 'BEGIN {
    srand(seed)
    split("order invoice customer account ledger payment route cache index report", w, " ")
    for (f = 1; f <= files; f++) {
      out = sprintf("%s/Class%d.java", dir, f)
      printf "package bench;\n\n/** Generated class %d of module %d. */\npublic class Class%d {\n", f, seed, f > out
      for (l = 0; l < 120; l++) {
        a = w[int(rand() * 10) + 1]; b = w[int(rand() * 10) + 1]
        printf "  private long %sTo%s%d = %dL; // %s %s total %d\n", a, toupper(substr(b, 1, 1)) substr(b, 2), l, int(rand() * 1e9), a, b, int(rand() * 1e6) > out
      }
      printf "}\n" > out
      close(out)
    }
  }'
done
git init -q . && git add -A && git -c user.name=bench -c user.email=bench@example.invalid commit -qm generated
du -sh --exclude=.git . | sed 's/^/generated: /'

SETTINGS=$WORK.settings.xml
sed "s|@localRepositoryUrl@|file://$HOME/.m2/repository|" "$ROOT/plugin-maven/src/it/settings.xml" > "$SETTINGS"
build() {
  local start end
  start=$(date +%s.%N)
  "$ROOT/mvnw" -B -q -o -s "$SETTINGS" -Dmaven.repo.local="$REPO" verify > "$WORK.build$1.log" 2>&1
  end=$(date +%s.%N)
  python3 - "$1" "$(echo "$end - $start" | bc)" <<'EOF'
import json, sys
r = json.load(open("target/airlock/aggregate/report.json"))["repositories"][0]["stats"]
print(f"build {sys.argv[1]}: {float(sys.argv[2]):.1f} s wall clock; files {r['files']}, "
      f"{r['bytes'] / 1e6:.1f} MB; matched {r['blobsScanned']}, reused {r['blobsReused']}; "
      f"scan time summed over modules {r['durationMs']} ms")
EOF
}
build 1
build 2
echo "  private long changed = 1L;" >> mod1/src/main/java/bench/mod1/Class1.java
build 3
