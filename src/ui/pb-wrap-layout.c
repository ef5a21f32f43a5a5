/* pb-wrap-layout.c: a layout manager that places children like words in lines that wrap
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "pb-wrap-layout.h"

struct _PbWrapLayout
{
  GtkLayoutManager parent_instance;

  guint spacing;
  guint line_spacing;
  GtkJustification justify;
};

G_DEFINE_FINAL_TYPE (PbWrapLayout, pb_wrap_layout, GTK_TYPE_LAYOUT_MANAGER)

enum {
  PROP_0,
  PROP_SPACING,
  PROP_LINE_SPACING,
  PROP_JUSTIFY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Where one child goes: its line, its offset from the start of the line, its size. */
typedef struct {
  GtkWidget *child;
  guint line;
  int x;
  int width;
  int min_height;
  int nat_height;
} Place;

/* Each line in LINES: its minimum height, natural height and width. */
enum { LINE_MIN, LINE_NAT, LINE_WIDTH, LINE_N };

/* One pass over the children for WIDTH (< 0: as wide as they want, on one line). Returns the
 * places and the lines. */
static GArray *
arrange (PbWrapLayout *self,
         GtkWidget    *widget,
         int           width,
         GArray      **line_heights)   /* int triples: LINE_MIN, LINE_NAT, LINE_WIDTH */
{
  GArray *places = g_array_new (FALSE, FALSE, sizeof (Place));
  GArray *lines = g_array_new (FALSE, TRUE, sizeof (int) * LINE_N);
  int x = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      Place place = { child, 0, 0, 0, 0, 0 };
      int min_width, nat_width;
      int *line;

      if (!gtk_widget_should_layout (child))
        continue;

      gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, &min_width, &nat_width,
                          NULL, NULL);
      place.width = width >= 0 ? MIN (nat_width, width) : nat_width;
      place.width = MAX (place.width, min_width);

      /* The next child goes after the previous one if it fits, else at the start of a line. */
      if (lines->len == 0 ||
          (width >= 0 && x > 0 && x + (int) self->spacing + place.width > width))
        {
          g_array_set_size (lines, lines->len + 1);
          x = 0;
        }
      else if (x > 0)
        x += self->spacing;
      place.line = lines->len - 1;
      place.x = x;
      x += place.width;

      gtk_widget_measure (child, GTK_ORIENTATION_VERTICAL, place.width,
                          &place.min_height, &place.nat_height, NULL, NULL);
      line = &g_array_index (lines, int, place.line * LINE_N);
      line[LINE_MIN] = MAX (line[LINE_MIN], place.min_height);
      line[LINE_NAT] = MAX (line[LINE_NAT], place.nat_height);
      line[LINE_WIDTH] = x;
      g_array_append_val (places, place);
    }

  *line_heights = lines;
  return places;
}

static void
lines_height (PbWrapLayout *self,
              GArray       *lines,
              int          *minimum,
              int          *natural)
{
  int min = 0, nat = 0;

  for (guint i = 0; i < lines->len; i++)
    {
      int *line = &g_array_index (lines, int, i * LINE_N);

      min += line[LINE_MIN];
      nat += line[LINE_NAT];
    }
  if (lines->len > 1)
    {
      min += (lines->len - 1) * self->line_spacing;
      nat += (lines->len - 1) * self->line_spacing;
    }
  *minimum = min;
  *natural = nat;
}

/* At least the widest child (one a line); at best all of them on one line. */
static void
measure_width (PbWrapLayout *self,
               GtkWidget    *widget,
               int          *minimum,
               int          *natural)
{
  int min = 0, nat = 0, n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      int child_min, child_nat;

      if (!gtk_widget_should_layout (child))
        continue;
      gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, &child_min, &child_nat,
                          NULL, NULL);
      min = MAX (min, child_min);
      nat += child_nat;
      n++;
    }
  if (n > 1)
    nat += (n - 1) * self->spacing;
  *minimum = min;
  *natural = nat;
}

static GtkSizeRequestMode
pb_wrap_layout_get_request_mode (GtkLayoutManager *manager,
                                 GtkWidget        *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
pb_wrap_layout_measure (GtkLayoutManager *manager,
                        GtkWidget        *widget,
                        GtkOrientation    orientation,
                        int               for_size,
                        int              *minimum,
                        int              *natural,
                        int              *minimum_baseline,
                        int              *natural_baseline)
{
  PbWrapLayout *self = PB_WRAP_LAYOUT (manager);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    measure_width (self, widget, minimum, natural);
  else
    {
      g_autoptr (GArray) places = NULL;
      g_autoptr (GArray) lines = NULL;
      int width = for_size;

      /* Without a width, the height must hold at any width we accept: the narrowest. */
      if (width < 0)
        {
          int unused;

          measure_width (self, widget, &width, &unused);
        }
      places = arrange (self, widget, width, &lines);
      lines_height (self, lines, minimum, natural);
    }
  *minimum_baseline = -1;
  *natural_baseline = -1;
}

static void
pb_wrap_layout_allocate (GtkLayoutManager *manager,
                         GtkWidget        *widget,
                         int               width,
                         int               height,
                         int               baseline)
{
  PbWrapLayout *self = PB_WRAP_LAYOUT (manager);
  g_autoptr (GArray) places = NULL;
  g_autoptr (GArray) lines = NULL;
  gboolean rtl = gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL;
  guint current = 0;
  int y = 0;

  places = arrange (self, widget, width, &lines);
  for (guint i = 0; i < places->len; i++)
    {
      Place *place = &g_array_index (places, Place, i);
      int line_height;
      int x;

      int *line;
      int offset = 0;

      while (current < place->line)
        {
          y += g_array_index (lines, int, current * LINE_N + LINE_NAT) + self->line_spacing;
          current++;
        }
      line = &g_array_index (lines, int, place->line * LINE_N);
      line_height = line[LINE_NAT];
      /* Where the line starts: at the start edge, the middle or the end edge. */
      if (self->justify == GTK_JUSTIFY_CENTER)
        offset = MAX (0, (width - line[LINE_WIDTH]) / 2);
      else if (self->justify == GTK_JUSTIFY_RIGHT)
        offset = MAX (0, width - line[LINE_WIDTH]);
      x = rtl ? width - offset - place->x - place->width : offset + place->x;
      gtk_widget_size_allocate (place->child,
                                &(GtkAllocation) { x, y, place->width, line_height }, -1);
    }
}

static void
pb_wrap_layout_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  PbWrapLayout *self = PB_WRAP_LAYOUT (object);

  switch (prop_id)
    {
    case PROP_SPACING:
      g_value_set_uint (value, self->spacing);
      break;
    case PROP_LINE_SPACING:
      g_value_set_uint (value, self->line_spacing);
      break;
    case PROP_JUSTIFY:
      g_value_set_enum (value, self->justify);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pb_wrap_layout_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  PbWrapLayout *self = PB_WRAP_LAYOUT (object);

  switch (prop_id)
    {
    case PROP_SPACING:
      pb_wrap_layout_set_spacing (self, g_value_get_uint (value));
      break;
    case PROP_LINE_SPACING:
      pb_wrap_layout_set_line_spacing (self, g_value_get_uint (value));
      break;
    case PROP_JUSTIFY:
      pb_wrap_layout_set_justify (self, g_value_get_enum (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pb_wrap_layout_class_init (PbWrapLayoutClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkLayoutManagerClass *layout_class = GTK_LAYOUT_MANAGER_CLASS (klass);

  object_class->get_property = pb_wrap_layout_get_property;
  object_class->set_property = pb_wrap_layout_set_property;
  layout_class->get_request_mode = pb_wrap_layout_get_request_mode;
  layout_class->measure = pb_wrap_layout_measure;
  layout_class->allocate = pb_wrap_layout_allocate;

  properties[PROP_SPACING] =
    g_param_spec_uint ("spacing", NULL, NULL, 0, G_MAXINT16, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LINE_SPACING] =
    g_param_spec_uint ("line-spacing", NULL, NULL, 0, G_MAXINT16, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* GTK_JUSTIFY_LEFT: lines start at the start edge (right in RTL); CENTER: centred; RIGHT: at
   * the end edge; FILL is as LEFT. */
  properties[PROP_JUSTIFY] =
    g_param_spec_enum ("justify", NULL, NULL, GTK_TYPE_JUSTIFICATION, GTK_JUSTIFY_LEFT,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pb_wrap_layout_init (PbWrapLayout *self)
{
}

GtkLayoutManager *
pb_wrap_layout_new (void)
{
  return g_object_new (PB_TYPE_WRAP_LAYOUT, NULL);
}

void
pb_wrap_layout_set_spacing (PbWrapLayout *self,
                            guint         spacing)
{
  g_return_if_fail (PB_IS_WRAP_LAYOUT (self));

  if (self->spacing == spacing)
    return;
  self->spacing = spacing;
  gtk_layout_manager_layout_changed (GTK_LAYOUT_MANAGER (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SPACING]);
}

guint
pb_wrap_layout_get_spacing (PbWrapLayout *self)
{
  g_return_val_if_fail (PB_IS_WRAP_LAYOUT (self), 0);
  return self->spacing;
}

void
pb_wrap_layout_set_line_spacing (PbWrapLayout *self,
                                 guint         spacing)
{
  g_return_if_fail (PB_IS_WRAP_LAYOUT (self));

  if (self->line_spacing == spacing)
    return;
  self->line_spacing = spacing;
  gtk_layout_manager_layout_changed (GTK_LAYOUT_MANAGER (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LINE_SPACING]);
}

guint
pb_wrap_layout_get_line_spacing (PbWrapLayout *self)
{
  g_return_val_if_fail (PB_IS_WRAP_LAYOUT (self), 0);
  return self->line_spacing;
}

void
pb_wrap_layout_set_justify (PbWrapLayout     *self,
                            GtkJustification  justify)
{
  g_return_if_fail (PB_IS_WRAP_LAYOUT (self));

  if (self->justify == justify)
    return;
  self->justify = justify;
  gtk_layout_manager_layout_changed (GTK_LAYOUT_MANAGER (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_JUSTIFY]);
}

GtkJustification
pb_wrap_layout_get_justify (PbWrapLayout *self)
{
  g_return_val_if_fail (PB_IS_WRAP_LAYOUT (self), GTK_JUSTIFY_LEFT);
  return self->justify;
}
