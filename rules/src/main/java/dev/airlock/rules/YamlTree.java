package dev.airlock.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;

/**
 * A YAML document's tree ({@link Yaml#read}) in a compact binary form, which the build writes for
 * YAML resources of the jar that start-up reads (the default policy), so that start-up needs no
 * SnakeYAML. Stateless.
 */
public final class YamlTree {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private YamlTree() {}

  /**
   * The tree of the YAML resource {@code name}, from the compiled form the build writes beside it
   * ({@code name + ".tree"}, see {@link #compile}) when present: SnakeYAML's classes cost a tenth
   * of a second at start-up, for a document that cannot change once the jar is built. Falls back
   * to parsing {@code text} when the compiled form is absent.
   */
  public static JsonNode readResource(String name, String text) {
    try (InputStream in = YamlTree.class.getClassLoader().getResourceAsStream(name + TREE)) {
      if (in == null) {
        return Yaml.read(name, text); // classes built without the Maven build (an IDE)
      }
      return readTree(new DataInputStream(new BufferedInputStream(in)));
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the compiled resource " + name + TREE, e);
    }
  }

  private static final String TREE = ".tree";

  /** Writes the tree of YAML resource {@code name} to {@code classesDir/name.tree}. */
  static void compile(String name, String text, Path classesDir) throws IOException {
    Path out = classesDir.resolve(name + TREE);
    Files.createDirectories(out.getParent());
    try (DataOutputStream data = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(out)))) {
      writeTree(Yaml.read(name, text), data);
    }
  }

  // Node kinds of the compiled form: exactly the kinds toNode makes.
  private static final int NULL = 0;
  private static final int OBJECT = 1;
  private static final int ARRAY = 2;
  private static final int TEXT = 3;
  private static final int INT = 4;
  private static final int LONG = 5;
  private static final int BIG = 6;
  private static final int DOUBLE = 7;
  private static final int BOOLEAN = 8;

  static void writeTree(JsonNode node, DataOutputStream out) throws IOException {
    if (node.isObject()) {
      out.writeByte(OBJECT);
      out.writeInt(node.size());
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        out.writeUTF(e.getKey());
        writeTree(e.getValue(), out);
      }
    } else if (node.isArray()) {
      out.writeByte(ARRAY);
      out.writeInt(node.size());
      for (JsonNode n : node) {
        writeTree(n, out);
      }
    } else if (node.isTextual()) {
      byte[] bytes = node.textValue().getBytes(StandardCharsets.UTF_8);
      out.writeByte(TEXT);
      out.writeInt(bytes.length);
      out.write(bytes);
    } else if (node.isInt()) {
      out.writeByte(INT);
      out.writeInt(node.intValue());
    } else if (node.isLong()) {
      out.writeByte(LONG);
      out.writeLong(node.longValue());
    } else if (node.isBigInteger()) {
      out.writeByte(BIG);
      out.writeUTF(node.bigIntegerValue().toString());
    } else if (node.isDouble()) {
      out.writeByte(DOUBLE);
      out.writeDouble(node.doubleValue());
    } else if (node.isBoolean()) {
      out.writeByte(BOOLEAN);
      out.writeBoolean(node.booleanValue());
    } else if (node.isNull()) {
      out.writeByte(NULL);
    } else {
      throw new IllegalArgumentException("no compiled form for a " + node.getNodeType() + " node");
    }
  }

  static JsonNode readTree(DataInputStream in) throws IOException {
    int kind = in.readByte();
    switch (kind) {
      case OBJECT -> {
        ObjectNode node = NODES.objectNode();
        for (int i = in.readInt(); i > 0; i--) {
          String key = in.readUTF();
          node.set(key, readTree(in));
        }
        return node;
      }
      case ARRAY -> {
        ArrayNode node = NODES.arrayNode();
        for (int i = in.readInt(); i > 0; i--) {
          node.add(readTree(in));
        }
        return node;
      }
      case TEXT -> {
        byte[] bytes = new byte[in.readInt()];
        in.readFully(bytes);
        return NODES.textNode(new String(bytes, StandardCharsets.UTF_8));
      }
      case INT -> {
        return NODES.numberNode(in.readInt());
      }
      case LONG -> {
        return NODES.numberNode(in.readLong());
      }
      case BIG -> {
        return NODES.numberNode(new BigInteger(in.readUTF()));
      }
      case DOUBLE -> {
        return NODES.numberNode(in.readDouble());
      }
      case BOOLEAN -> {
        return NODES.booleanNode(in.readBoolean());
      }
      case NULL -> {
        return NODES.nullNode();
      }
      default -> throw new IllegalStateException("not a compiled YAML tree (node kind " + kind + ")");
    }
  }
}
