package arsip.cluster;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.solr.embedded.JettyConfig;
import org.apache.solr.embedded.JettySolrRunner;

/**
 * One SolrCloud node in its own JVM: Solr's embedded Jetty runner on a given port, joined to a
 * ZooKeeper ensemble. Usage: SolrNode SOLR_HOME PORT ZK_HOST. Killing the process is a node failure.
 */
public final class SolrNode {
  private static final String SOLR_XML =
      "<solr>\n"
          + "  <solrcloud>\n"
          + "    <str name=\"host\">127.0.0.1</str>\n"
          + "    <int name=\"hostPort\">${hostPort:8983}</int>\n"
          + "    <str name=\"hostContext\">${hostContext:solr}</str>\n"
          + "    <int name=\"zkClientTimeout\">30000</int>\n"
          + "    <bool name=\"genericCoreNodeNames\">true</bool>\n"
          + "  </solrcloud>\n"
          + "</solr>\n";

  private SolrNode() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 3) {
      System.err.println("usage: SolrNode SOLR_HOME PORT ZK_HOST");
      System.exit(2);
    }
    Path home = Path.of(args[0]).toAbsolutePath();
    int port = Integer.parseInt(args[1]);
    Files.createDirectories(home);
    Path solrXml = home.resolve("solr.xml");
    if (!Files.exists(solrXml)) {
      Files.writeString(solrXml, SOLR_XML);
    }
    Properties node = new Properties();
    node.setProperty("zkHost", args[2]);
    node.setProperty("hostPort", Integer.toString(port));
    node.setProperty("hostContext", "/solr");
    JettyConfig config =
        JettyConfig.builder().setPort(port).setContext("/solr").stopAtShutdown(true).build();
    JettySolrRunner runner = new JettySolrRunner(home.toString(), node, config);
    runner.start();
    System.out.println("node ready " + runner.getBaseUrl());
    System.out.flush();
    Thread.currentThread().join();
  }
}
