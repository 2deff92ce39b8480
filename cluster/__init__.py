"""A local SolrCloud cluster (ZooKeeper and Solr nodes, one process each) for tests and demos."""
