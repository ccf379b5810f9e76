package io.dynamobackup.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/** The CRDs and examples copied into the jar at build time ({@code sandbox/crds/*.yaml}, {@code sandbox/examples/*.yaml}). */
final class BundledFiles {
  private BundledFiles() {
  }

  /** File name to content, sorted by name, of the YAML files under {@code sandbox/<folder>/}. */
  static Map<String, String> read(String folder) {
    String prefix = "sandbox/" + folder + "/";
    List<String> names = new ArrayList<>();
    try {
      URL location = BundledFiles.class.getProtectionDomain().getCodeSource().getLocation();
      Path path = Path.of(location.toURI());
      if (Files.isDirectory(path)) {
        try (var files = Files.list(path.resolve(prefix))) {
          files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".yaml")).forEach(names::add);
        }
      } else {
        try (JarFile jar = new JarFile(path.toFile())) {
          for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements();) {
            String name = e.nextElement().getName();
            if (name.startsWith(prefix) && name.endsWith(".yaml") && name.indexOf('/', prefix.length()) < 0) {
              names.add(name.substring(prefix.length()));
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    names.sort(String::compareTo);
    Map<String, String> files = new LinkedHashMap<>();
    for (String name : names) {
      try (InputStream in = BundledFiles.class.getResourceAsStream("/" + prefix + name)) {
        files.put(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    if (files.isEmpty()) {
      throw new IllegalStateException("no files under " + prefix + " on the classpath (build with maven)");
    }
    return files;
  }
}
