package shop.web;

public class Page {
  String title = "Shop";
}
